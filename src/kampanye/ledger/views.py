"""The touchpoint ledger page.

Thin: parse the filters, check the permission, read the figures from ``ledger.queries``,
render. The ledger's results part is re-rendered alone for HTMX requests.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from lokal import format_rupiah

from kampanye.areas.models import Area, Level, Segment
from kampanye.core.charts import figure_json
from kampanye.core.scope import scope_filter
from kampanye.elections.models import Contestant, Election
from kampanye.ledger import queries
from kampanye.ledger.models import Channel, Front

FRONT_COLORS = {"ground": "#b45309", "air": "#1d4ed8", "online": "#047857"}


def number(n: int | float | None) -> str:
    """12345 → "12.345" (Indonesian grouping); None → "–"."""
    if n is None:
        return "–"
    return f"{round(n):,}".replace(",", ".")


def _chart(series: queries.Series) -> str:
    labels = dict(Front.choices)
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "stackgroup": "fronts",
            "name": str(labels[front]),
            "x": [p.isoformat() for p in series.periods],
            "y": values,
            "line": {"color": FRONT_COLORS[front]},
        }
        for front, values in series.by_front.items()
    ]
    return figure_json(data, {"yaxis": {"title": {"text": _("kontak")}}, "height": 340})


def _form_choices(user) -> dict:
    contestants = Contestant.objects.select_related("election").order_by("election", "ballot_no")
    areas = scope_filter(Area.objects.filter(level__lte=Level.DISTRICT), user, "code")
    return {
        "elections": Election.objects.all(),
        "contestants": contestants,
        "fronts": Front.choices,
        "channels": Channel.choices,
        "areas": areas.only("code", "name", "level"),
        "segments": Segment.objects.all(),
        "periods": [("day", _("hari")), ("week", _("minggu")), ("month", _("bulan"))],
    }


@login_required
@permission_required("kampanye.view_ledger", raise_exception=True)
def ledger(request):
    """Contacts by front over time, and count, reach and cost by front × channel × contestant."""
    try:
        filters, errors = queries.LedgerFilters.from_query(request.GET), {}
    except queries.FilterError as exc:
        filters, errors = queries.LedgerFilters(), exc.errors
    period = request.GET.get("period", "week")
    if period not in queries.PERIODS:
        period = "week"
    user = request.user
    totals = queries.ledger_totals(user, filters)
    rows = queries.ledger_summary(user, filters, ("front", "channel", "contestant"))
    rows.sort(key=lambda r: (list(Front.values).index(r.keys["front"]), -r.count))
    costs = queries.cost_by_channel(user, filters)
    context = {
        "charts": True,
        "filters": filters,
        "errors": errors,
        "period": period,
        "query": request.GET,
        "totals": totals,
        "totals_display": {
            "count": number(totals.count),
            "reach": number(totals.reach),
            "cost": format_rupiah(totals.cost_idr),
            "illustrative_rows": number(totals.illustrative_rows),
        },
        "figure": _chart(queries.ledger_series(user, filters, period)),
        "table": [
            {
                "front": r.labels["front"],
                "channel": r.labels["channel"],
                "contestant": r.labels["contestant"],
                "count": number(r.count),
                "reach": number(r.reach),
                "cost": format_rupiah(r.cost_idr),
                "illustrative": r.illustrative,
                "all_illustrative": r.illustrative_rows == r.rows,
            }
            for r in rows
        ],
        "costs": [
            {
                "channel": c.label,
                "cost": format_rupiah(c.cost_idr),
                "contacts": number(c.contacts),
                "reach": number(c.reach),
                "per_contact": format_rupiah(c.per_contact) if c.per_contact is not None else "–",
                "per_person": format_rupiah(c.per_person) if c.per_person is not None else "–",
            }
            for c in costs
        ],
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "ledger/ledger_results.html", context)
    context.update(_form_choices(user))
    return render(request, "ledger/ledger.html", context)
