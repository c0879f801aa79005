"""Admin for the ledger: read-only, as the audit log."""

from django.contrib import admin

from kampanye.core.admin import ReadOnlyAdmin
from kampanye.ledger.models import Touchpoint


@admin.register(Touchpoint)
class TouchpointAdmin(ReadOnlyAdmin):
    """Read-only: the ledger is written only through ``record_touchpoint``."""

    list_display = (
        "occurred_on",
        "contestant",
        "front",
        "channel",
        "area_code",
        "count",
        "cost_idr",
        "illustrative",
    )
    list_filter = ("front", "channel", "illustrative")
    search_fields = ("source", "area_code")
