"""Who may do what: one table of permissions by role, registered with ``rules``.

Views use ``@permission_required("kampanye.<name>", raise_exception=True)``; API endpoints
call ``require(request, "<name>")``. Area scope (what rows a user sees) is separate: see
``kampanye.core.scope``. Superusers hold every permission.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied

from kampanye.core.models import Role

ALL = frozenset(Role.values)
STAFF = ALL - {Role.VOLUNTEER}

PERMISSIONS: dict[str, frozenset[str]] = {
    # the shared vocabulary: elections, results, areas, segments, the political product
    "view_vocabulary": ALL,
    "edit_vocabulary": frozenset({Role.MANAGER}),
    "add_local_area": frozenset({Role.MANAGER, Role.COORDINATOR}),
    "edit_product": frozenset({Role.MANAGER, Role.RESEARCHER}),
    "import_data": frozenset({Role.MANAGER, Role.RESEARCHER}),
    "export_data": STAFF,
    # the touchpoint ledger
    "view_ledger": STAFF,
    "record_touchpoint": frozenset(
        {Role.MANAGER, Role.COORDINATOR, Role.MEDIA_OFFICER, Role.DIGITAL_ANALYST}
    ),
    # people: personal data under UU PDP
    "view_volunteers": frozenset({Role.MANAGER, Role.COORDINATOR}),
    "manage_volunteers": frozenset({Role.MANAGER, Role.COORDINATOR}),
    "export_people": frozenset({Role.MANAGER}),
    "forget_person": frozenset({Role.MANAGER}),
    # fronts and planning
    "file_field_report": frozenset({Role.MANAGER, Role.COORDINATOR, Role.VOLUNTEER}),
    "use_media_centre": frozenset({Role.MANAGER, Role.MEDIA_OFFICER}),
    "use_social_listening": frozenset({Role.MANAGER, Role.DIGITAL_ANALYST}),
    "label_posts": frozenset({Role.MANAGER, Role.DIGITAL_ANALYST, Role.RESEARCHER}),
    "use_research": frozenset({Role.MANAGER, Role.RESEARCHER}),
    "use_planner": frozenset({Role.MANAGER, Role.RESEARCHER}),
    # the purse (money): the treasurer keeps the books and sees donors in full; a manager
    # sees totals; coordinators see and record their own area's budget and spending
    "view_money": frozenset({Role.MANAGER, Role.COORDINATOR, Role.TREASURER}),
    "record_expense": frozenset({Role.MANAGER, Role.COORDINATOR, Role.TREASURER}),
    "approve_expense": frozenset({Role.MANAGER, Role.TREASURER}),
    "edit_budget": frozenset({Role.MANAGER, Role.TREASURER}),
    "record_donation": frozenset({Role.TREASURER}),
    "view_donors": frozenset({Role.TREASURER}),
    "report_to_kpu": frozenset({Role.MANAGER, Role.TREASURER}),
    # administration
    "view_audit": frozenset({Role.MANAGER}),
    "manage_users": frozenset({Role.MANAGER}),
}


def has_role(*roles: str):
    @rules.predicate(name=f"has_role({','.join(sorted(roles))})")
    def predicate(user) -> bool:
        from kampanye.core.scope import role_of

        return role_of(user) in roles

    return predicate


for _name, _roles in PERMISSIONS.items():
    rules.add_perm(f"kampanye.{_name}", has_role(*_roles))


def require(request, name: str) -> None:
    """Raise PermissionDenied (HTTP 403) unless the request's user holds ``kampanye.<name>``."""
    if name not in PERMISSIONS:
        raise KeyError(name)
    if not request.user.has_perm(f"kampanye.{name}"):
        raise PermissionDenied
