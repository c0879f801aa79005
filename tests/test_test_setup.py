"""The test set-up: databases copied from a template migrated once (``kampanye.pytest_plugin``)
and property tests without a deadline (the root ``conftest.py``)."""

from __future__ import annotations

from pathlib import Path

import hypothesis
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kampanye.pytest_plugin import migrations_key


def test_the_copied_test_database_has_every_migration_applied(db):
    # given: this test's database, copied from the template
    executor = MigrationExecutor(connection)
    # when
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    # then: nothing left to migrate, and what migrate's signals store came along
    assert plan == []
    assert Permission.objects.filter(codename="add_election").exists()


def test_a_changed_migration_file_gives_another_template(monkeypatch):
    # given
    before = migrations_key()
    read = Path.read_bytes
    # when: one migration file reads differently
    monkeypatch.setattr(
        Path,
        "read_bytes",
        lambda p: read(p) + (b"\n# moved" if p.name == "0007_columns.py" else b""),
    )
    # then
    assert migrations_key() != before
    monkeypatch.undo()
    assert migrations_key() == before


@hypothesis.settings(max_examples=5)
@hypothesis.given(hypothesis.strategies.integers())
def test_property_tests_have_no_deadline_even_with_settings_of_their_own(_n):
    # then: a slow example on a loaded machine is not a failure
    assert hypothesis.settings().deadline is None
    assert hypothesis.settings(max_examples=5).deadline is None
