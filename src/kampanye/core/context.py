"""Template context shared by every page: the navigation and the user's role.

Each app lists its pages in its AppConfig as ``navigation = [(url_name, label, permission)]``
(the permission a name from ``core.rules.PERMISSIONS``); a user sees only the pages they may
open. Apps appear in INSTALLED_APPS order, core's own pages (ledger, data, audit) last.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _


def _items(user):
    configs = sorted(apps.get_app_configs(), key=lambda c: c.label == "core")
    items = [("home", _("Beranda"))]
    for config in configs:
        for url_name, label, permission in getattr(config, "navigation", ()):
            if user.has_perm(f"kampanye.{permission}"):
                items.append((url_name, label))
    return items


def navigation(request):
    from kampanye.core.scope import membership_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "membership": None}
    return {"nav_items": _items(user), "membership": membership_of(user)}
