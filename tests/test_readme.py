"""The README's promises stay true: its test command is what CI runs, its files exist."""

from __future__ import annotations

import re

from geo import settings

README = (settings.ROOT / "README.md").read_text(encoding="utf-8")


def _command_after(heading: str) -> str:
    block = README.split(heading, 1)[1]
    return re.search(r"```sh\n(.+?)\n```", block, re.S).group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    command = _command_after("**Run the tests**")
    ci = (settings.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    setup, _, rest = command.partition(" && ")
    # No sudo in front: root containers have none; the script uses it itself when not root.
    assert setup == "bash .ci/browser-setup.sh"
    assert "bash .ci/browser-setup.sh" in ci and rest in ci
    # The store tests need PostgreSQL + PostGIS (tests/store/): both set it up.
    assert rest.startswith("bash .ci/postgres-setup.sh && ") and "bash .ci/postgres-setup.sh" in ci


def test_app_command_runs_app_py() -> None:
    assert _command_after("**Run the app**").endswith("streamlit run app.py")


def test_every_linked_file_exists() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        assert (settings.ROOT / target).exists(), target


def test_every_geo_module_is_listed() -> None:
    listed = set(re.findall(r"^  (\w+)\.py ", README, re.M))
    modules = {p.stem for p in (settings.ROOT / "geo").glob("*.py")} - {"__init__", "__main__", "records", "settings", "errors"}
    assert modules <= listed, modules - listed


def _run_setup_as(user: str, folder, *, path_first: str) -> tuple[int, str]:
    """Run .ci/browser-setup.sh with chromium "missing" and a sudo that only records its arguments."""
    import os
    import shutil
    import subprocess

    import pytest

    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run the script as another user")
    log = folder / "sudo.log"
    log.write_text("")
    log.chmod(0o666)
    stub = folder / "sudo"
    stub.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    stub.chmod(0o755)
    env = {**os.environ, "GEO_CHROMIUM": str(folder / "no-chromium"), "PATH": f"{path_first}:/usr/bin:/bin"}
    prefix = ["setpriv", "--reuid", user, "--regid", "nogroup", "--clear-groups"]
    done = subprocess.run([*prefix, "bash", str(settings.ROOT / ".ci" / "browser-setup.sh")], env=env,
                          capture_output=True, text=True, timeout=60)
    return done.returncode, log.read_text() + done.stderr


def test_browser_setup_uses_sudo_only_when_not_root() -> None:
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="browser-setup-"))  # pytest's tmp_path is closed to other users
    folder.chmod(0o755)
    try:
        code, said = _run_setup_as("nobody", folder, path_first=str(folder))
        assert code == 0 and "apt-get install" in said and "chromium" in said, said
        code, said = _run_setup_as("nobody", folder, path_first="/nonexistent")  # no sudo at all
        assert code == 1 and "need root or sudo" in said, said
    finally:
        shutil.rmtree(folder)
