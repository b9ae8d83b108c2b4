"""The docs must stay complete: every issue code documented, the README's two commands present and used by CI."""

from __future__ import annotations

import re

from rasd.errors import ISSUE_CODES
from tests.conftest import REPO


def test_docs_list_every_issue_code() -> None:
    text = (REPO / "docs" / "issues.md").read_text(encoding="utf-8")
    missing = [code for code in ISSUE_CODES if f"`{code}`" not in text]
    assert not missing, f"document these issue codes in docs/issues.md: {missing}"


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up: two commands", 1)[1].split("\n## ", 1)[0]
    commands = [c.strip() for c in re.findall(r"```bash\n(.+?)\n\s*```", section, flags=re.S)]
    assert len(commands) == 2
    assert "rasd" in commands[0] and "examples" in commands[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci


def test_settings_doc_names_every_setting() -> None:
    import dataclasses

    from rasd.settings import Settings

    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    settings = Settings()
    for section in dataclasses.fields(settings):
        assert f"[{section.name}]" in text
        for key in dataclasses.fields(getattr(settings, section.name)):
            assert f"{key.name} =" in text, f"{section.name}.{key.name} is not in docs/settings.md"
