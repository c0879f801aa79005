"""Template context shared by every page: the navigation and the user's role.

Each app registers its pages with ``core.registry.add_navigation(url_name, label,
permission)`` (the permission a name from ``core.rules.PERMISSIONS``); a user sees only the
pages they may open, in the order the apps registered them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kampanye.core.registry import registry


def _items(user):
    items = [("home", _("Beranda"))]
    for item in registry.navigation:
        if user.has_perm(f"kampanye.{item.permission}"):
            items.append((item.url_name, item.label))
    return items


def navigation(request):
    from kampanye.core.clock import as_of
    from kampanye.core.scope import membership_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "membership": None}
    return {"nav_items": _items(user), "membership": membership_of(user), "as_of": as_of()}
