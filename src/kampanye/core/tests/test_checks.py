import pytest
from django.core.checks import run_checks
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder


@pytest.mark.django_db
def test_deployment_check_names_unapplied_migrations():
    # given a migrated database: no warning
    def ids():
        found = run_checks(include_deployment_checks=True, databases=["default"])
        return {m.id for m in found}

    assert "kampanye.W001" not in ids()
    # when core's latest migration is recorded as not applied (an earlier one would not
    # show: a later migration recorded as applied stands for the ones it depends on)
    recorded = MigrationRecorder(connection).migration_qs.filter(app="core")
    recorded.filter(pk=recorded.order_by("-name").first().pk).delete()
    # then the check says so, with the command that fixes it
    assert "kampanye.W001" in ids()
