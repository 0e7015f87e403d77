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
    assert setup == "sudo bash .ci/browser-setup.sh"
    assert "bash .ci/browser-setup.sh" in ci and rest in ci


def test_app_command_runs_app_py() -> None:
    assert _command_after("**Run the app**").endswith("streamlit run app.py")


def test_every_linked_file_exists() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        assert (settings.ROOT / target).exists(), target


def test_every_geo_module_is_listed() -> None:
    listed = set(re.findall(r"^  (\w+)\.py ", README, re.M))
    modules = {p.stem for p in (settings.ROOT / "geo").glob("*.py")} - {"__init__", "__main__", "records", "settings", "errors"}
    assert modules <= listed, modules - listed
