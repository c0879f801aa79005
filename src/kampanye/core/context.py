"""Template context shared by every page: the navigation and the user's role.

Each app lists its pages in its AppConfig as ``navigation = [(url_name, label), …]``; they
appear in INSTALLED_APPS order, the fronts first and core's own pages (ledger, data, audit)
last.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _


def _items():
    configs = sorted(apps.get_app_configs(), key=lambda c: c.label == "core")
    items = [("home", _("Beranda"))]
    for config in configs:
        items.extend(getattr(config, "navigation", ()))
    return items


def navigation(request):
    from kampanye.core.scope import membership_of

    return {"nav_items": _items(), "membership": membership_of(getattr(request, "user", None))}
