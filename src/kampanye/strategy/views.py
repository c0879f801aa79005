"""The first screen: the election at a glance and, for staff, the three fronts.

It reads the elections' and the ledger's query functions only; the strategy cockpit will
grow here (DESIGN.md: strategy reads the ledger and the shared vocabulary).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kampanye.core import clock
from kampanye.core.charts import figure_json
from kampanye.core.models import Role
from kampanye.core.scope import membership_of
from kampanye.elections.queries import current_election, election_overview
from kampanye.ledger import queries
from kampanye.ledger.models import Front
from kampanye.strategy import queries as homes
from kampanye.volunteers.queries import campaign_of


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
    """Each role's first screen: a volunteer's own page; for staff their headline figures and
    next actions (the manager: the week on every front; a coordinator: their area), then the
    election at a glance."""
    membership = membership_of(request.user)
    role = membership.role if membership else None
    if role == Role.VOLUNTEER:
        return redirect("ground:home")
    election = current_election()
    context = {
        "overview": election_overview(election) if election else None,
        "role": role,
        "today": clock.today(),
    }
    campaign = campaign_of(request.user)
    if election and role == Role.MANAGER:
        context["fronts"] = homes.fronts_this_week(
            request.user, election, campaign.pk if campaign else None
        )
    if campaign and role == Role.COORDINATOR:
        context["area_work"] = homes.area_work(request.user, campaign.pk)
    if election and request.user.has_perm("kampanye.view_ledger"):
        filters = queries.LedgerFilters(election=str(election.pk))
        rows = queries.ledger_summary(request.user, filters, ("contestant", "front"))
        context.update(
            totals=queries.ledger_totals(request.user, filters),
            fronts_chart=_fronts_chart(rows, context["overview"].contestants),
            charts=True,
        )
    return render(request, "strategy/home.html", context)
