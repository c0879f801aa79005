"""The docs say what the code does: every setting, every command, the two README commands."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented_with_its_default():
    from kampanye.conf import SETTINGS

    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    wrong_default = [s.name for s in SETTINGS if s.default and f"`{s.default}`" not in text]
    assert missing == [] and wrong_default == []


@pytest.mark.django_db
def test_cli_reference_is_generated_from_the_code():
    from kampanye.core.clidoc import render

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `kampanye clidoc > docs/cli.md`"
    )


def test_readme_names_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in ci


@pytest.mark.parametrize("term", ["relawan", "blusukan", "TPS", "DPT", "dapil", "quick count"])
def test_glossary_defines_the_campaign_terms(term):
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert f"**{term}**" in text
