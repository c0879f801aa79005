from importlib.util import find_spec
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kampanye.core import queries
from kampanye.core.charts import figure_json
from kampanye.core.models import Front
from kampanye.elections.queries import current_election, election_overview

# found without importing plotly (a slow import, at every start): only its JavaScript is served
PLOTLY_JS = Path(find_spec("plotly").origin).parent / "package_data" / "plotly.min.js"


def _fronts_chart(rows, contestants) -> str:
    """Stacked bars: each pair's contacts on the ground, air and online fronts."""
    names = {c.contestant.pk: c.contestant.short for c in contestants}
    order = [c.contestant.pk for c in contestants]
    counts = {(r.keys["contestant"], r.keys["front"]): r.count for r in rows}
    data = [
        {
            "type": "bar",
            "name": str(label),
            "x": [names[pk] for pk in order],
            "y": [counts.get((pk, front), 0) for pk in order],
        }
        for front, label in Front.choices
    ]
    return figure_json(data, {"barmode": "stack", "yaxis": {"title": _("kontak")}})


@login_required
def home(request):
    """The first screen: the election at a glance and, for staff, the three fronts."""
    election = current_election()
    context = {"overview": election_overview(election) if election else None}
    if election and request.user.has_perm("kampanye.view_ledger"):
        filters = queries.LedgerFilters(election=str(election.pk))
        rows = queries.ledger_summary(request.user, filters, ("contestant", "front"))
        context.update(
            totals=queries.ledger_totals(request.user, filters),
            fronts_chart=_fronts_chart(rows, context["overview"].contestants),
            charts=True,
        )
    return render(request, "core/home.html", context)


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 30)
def plotly_js(request):
    """plotly.js from the installed plotly package: no CDN, works offline."""
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript")
