"""Every permission a view, an API operation or a template asks is declared.

A typo in a permission name makes django-rules answer "no" for everyone, quietly:
this test reads the code and the templates and asks ``rules.perm_exists`` for each.
"""

import re
from pathlib import Path

import rules

import samenzorg

ROOT = Path(samenzorg.__file__).resolve().parent
APP = r"(?:core|accounts|areas|initiatives|assessment|networks|[a-z]+)"
IN_CODE = re.compile(
    r"(?:has_perm|require|guard|round_guard|scenario_guard)\(\s*(?:[\w.]+,\s*)?"
    rf"\"({APP}\.[a-z_]+)\""
)
IN_TEMPLATES = re.compile(rf"\bperms\.({APP})\.([a-z_]+)")


def _asked() -> set[str]:
    asked = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        asked |= set(IN_CODE.findall(path.read_text(encoding="utf-8")))
    for path in ROOT.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        asked |= {f"{app}.{name}" for app, name in IN_TEMPLATES.findall(text)}
    return asked


def test_the_scan_finds_the_permissions_asked():
    asked = _asked()
    # Asked in views, the API and templates; proves the patterns still match.
    assert {
        "initiatives.change_initiative",
        "networks.change_networkmap",
        "assessment.run_round",
        "assessment.change_scenario",
        "areas.import_statistics",
        "core.view_audit",
    } <= asked


def test_every_permission_asked_is_declared():
    missing = sorted(p for p in _asked() if not rules.perm_exists(p))
    assert missing == []
