"""Without PostgreSQL the store tests skip with a reason, and under CI they fail instead."""

from __future__ import annotations

import os
import subprocess
import sys

from geo import settings

ONE_STORE_TEST = "tests/store/test_store.py::test_migrations_apply_once_and_match_the_table_objects"


def _pytest_without_postgres(*, ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GEO_TEST_STORE_URL")}
    env["GEO_PG_BIN"] = "/nonexistent"  # as on a machine without PostgreSQL
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:randomly", ONE_STORE_TEST],
                          cwd=settings.ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_store_tests_skip_with_a_reason_on_a_developer_machine() -> None:
    done = _pytest_without_postgres(ci=False)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout and "PostgreSQL is not installed" in done.stdout
    assert "bash .ci/postgres-setup.sh" in done.stdout


def test_store_tests_fail_instead_of_skipping_in_ci() -> None:
    done = _pytest_without_postgres(ci=True)
    assert done.returncode == 1, done.stdout
    assert "store tests must run in CI" in done.stdout and "skipped" not in done.stdout
