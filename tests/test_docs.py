"""The README documents every setting, and the Quick start stays two commands."""

from __future__ import annotations

import re

from queries.settings import PROJECT_ROOT, SETTINGS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [s.name for s in SETTINGS if s.name not in README]
    assert missing == []


def test_no_undeclared_settings_in_code():
    used = set()
    for path in list((PROJECT_ROOT / "queries").rglob("*.py")) + list(
            (PROJECT_ROOT / "dashboard").rglob("*.py")):
        used |= set(re.findall(r"EXPORT_MONITOR_[A-Z_]+", path.read_text(encoding="utf-8")))
    declared = {s.name for s in SETTINGS}
    assert used - declared == set()


def test_quick_start_is_make_run_and_make_test():
    block = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^\s*(make \w+)\s*$", block, flags=re.M)
    assert commands == ["make run", "make test"]
