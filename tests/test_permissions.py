"""Every role × every page and API endpoint: allowed, forbidden, and area scope.

The table below is the contract. ``test_every_page_is_in_the_table`` fails when a page is
added without deciding who may open it.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kampanye.core.models import Role
from kampanye.core.rules import PERMISSIONS

ROLES = list(Role.values)
PUBLIC = "public"  # anyone, logged in or not
LOGGED_IN = "logged_in"  # any authenticated user

# url name -> (kwargs maker, permission). Kwargs makers take nothing and return kwargs.
PAGES: dict[str, tuple] = {
    "home": (dict, LOGGED_IN),
    "ledger:index": (dict, "view_ledger"),
    "core:audit": (dict, "view_audit"),
    "core:tokens": (dict, "manage_users"),
    "core:import_data": (dict, "import_data"),
    "core:export_data": (lambda: {"kind": "contestants"}, "export_data"),
    "areas:tree": (dict, "view_vocabulary"),
    "areas:segments": (dict, "view_vocabulary"),
    "areas:map": (dict, "view_vocabulary"),
    "areas:search": (dict, "view_vocabulary"),
    "areas:detail": (lambda: {"code": "31.75"}, "view_vocabulary"),
    "areas:children": (lambda: {"code": "31.75"}, "view_vocabulary"),
    "elections:index": (dict, "view_vocabulary"),
    "elections:results": (dict, "view_vocabulary"),
    "elections:polls": (dict, "view_vocabulary"),
    "elections:funds": (dict, "view_vocabulary"),
    "product:index": (dict, "view_vocabulary"),
    "product:contestant": (lambda: {"pk": _contestant_pk()}, "view_vocabulary"),
    "product:plank_edit": (lambda: {"pk": _plank_pk()}, "edit_product"),
    "planner:index": (dict, "use_planner"),
    "planner:new": (dict, "use_planner"),
    "planner:compare": (dict, "use_planner"),
    "planner:detail": (lambda: {"pk": _scenario_pk()}, "use_planner"),
    "planner:edit": (lambda: {"pk": _scenario_pk()}, "use_planner"),
    "intel:index": (dict, "use_research"),
    "intel:polls": (dict, "use_research"),
    "intel:new_survey": (dict, "use_research"),
    "intel:survey": (lambda: {"slug": _survey_slug()}, "use_research"),
    "money:index": (dict, "view_money"),
    "money:expenses": (dict, "view_money"),
    "money:donations": (dict, "view_donors"),
    "money:report": (lambda: {"kind": "lppdk"}, "report_to_kpu"),
    "money:cost_per_vote": (dict, "view_vocabulary"),
}
# (page, role) sent on to a page of their own: a volunteer's home is their phone page
LANDS_ELSEWHERE = {("home", "volunteer"): 302}
# pages that are not a plain GET of a permission (forms posted elsewhere, files, redirects)
NOT_IN_MATRIX = {
    "set_language",
    "login",
    "logout",
    "core:exchange",
    "core:import_reject",
    "areas:add_local",
    "areas:pick_on_map",  # a dialog for one form field, named in its query
    "planner:run",
    "planner:optimise",
    "planner:delete",
    "planner:run_status",
    "intel:upload",
    "intel:weigh",
    "money:budget",  # a budget version's page: in money's own tests
    "money:decide",  # a POST from the expenses page
    "money:fund_account",  # a POST from the dashboard
    "money:hand_over",  # a POST from the donations page
}


def _contestant_pk() -> int:
    from kampanye.elections.models import Contestant

    return Contestant.objects.get(election__slug="jakarta-2012", ballot_no=3).pk


def _plank_pk() -> int:
    from kampanye.product.models import Plank

    return Plank.objects.filter(contestant__ballot_no=3).first().pk


def _scenario_pk() -> int:
    from kampanye.elections.models import Election
    from kampanye.planner.illustrative import build_illustrative_scenarios

    return build_illustrative_scenarios(Election.objects.get(slug="jakarta-2012"))[0].pk


def _survey_slug() -> str:
    from kampanye.intel.actions import create_survey
    from kampanye.intel.models import Survey
    from kampanye.intel.schemas import SurveyIn

    if not Survey.objects.filter(slug="izin").exists():
        create_survey(SurveyIn(slug="izin", title="Izin", blocks=["demographics"]))
    return "izin"


def _named_routes(patterns, ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            if str(p.pattern).startswith(("admin/", "api/")):
                continue
            yield from _named_routes(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}:{p.name}" if ns else p.name


def test_every_page_is_in_the_table():
    names = set(_named_routes(get_resolver().url_patterns))
    undecided = sorted(
        n
        for n in names - set(PAGES) - NOT_IN_MATRIX
        if n.split(":")[0]
        in {"home", "core", "areas", "elections", "product", "planner", "intel", "money"}
    )
    assert undecided == []


@pytest.fixture
def world(wilayah, make_user):
    from kampanye.product.actions import load_jakarta_2012_product

    load_jakarta_2012_product()
    return {
        role: make_user(role, "31.75" if role in ("coordinator", "volunteer") else None)
        for role in ROLES
    }


def expected_status(role: str | None, permission: str) -> int:
    if permission == PUBLIC:
        return 200
    if role is None:
        return 302  # to the login page
    if permission == LOGGED_IN:
        return 200
    return 200 if role in PERMISSIONS[permission] else 403


@pytest.mark.parametrize("name", sorted(PAGES))
def test_role_matrix_for_page(client, world, name):
    # given a page and its permission
    make_kwargs, permission = PAGES[name]
    url = reverse(name, kwargs=make_kwargs())
    seen, wanted = {}, {}
    # when every role (and a visitor) opens it
    for role in [None, *ROLES]:
        client.logout()
        if role:
            client.force_login(world[role])
        seen[role] = client.get(url, headers={"HX-Request": "true"}).status_code
        wanted[role] = LANDS_ELSEWHERE.get((name, role)) or expected_status(role, permission)
    # then exactly the roles holding the permission get in
    assert seen == wanted


def test_user_without_membership_is_refused_everywhere(client, world, outsider):
    client.force_login(outsider)
    for name, (make_kwargs, permission) in PAGES.items():
        if permission in (PUBLIC, LOGGED_IN):
            continue
        assert client.get(reverse(name, kwargs=make_kwargs())).status_code == 403, name


def test_coordinator_of_jakarta_timur_never_receives_jakarta_barat(client, world):
    # given the coordinator of Jakarta Timur (31.75)
    client.force_login(world["coordinator"])
    # when they read results by wilayah, the area tree and the ledger
    pages = [
        reverse("elections:results") + "?putaran=2",
        reverse("areas:tree"),
        reverse("areas:detail", kwargs={"code": "31.73"}),
    ]
    bodies = [client.get(u) for u in pages]
    # then Jakarta Barat never appears (its detail page is refused outright)
    assert "Jakarta Barat" not in bodies[0].content.decode()
    assert "Jakarta Barat" not in bodies[1].content.decode()
    assert bodies[2].status_code in (403, 404)
