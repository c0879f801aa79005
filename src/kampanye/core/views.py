"""The foundation's pages: the audit log and plotly.js served from the Python package."""

from importlib.util import find_spec
from pathlib import Path

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kampanye.core import queries

# found without importing plotly (a slow import, at every start): only its JavaScript is served
_PLOTLY = find_spec("plotly")
assert _PLOTLY is not None and _PLOTLY.origin is not None  # plotly is a dependency
PLOTLY_JS = Path(_PLOTLY.origin).parent / "package_data" / "plotly.min.js"


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 30)
def plotly_js(request):
    """plotly.js from the installed plotly package: no CDN, works offline."""
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript")


@login_required
@permission_required("kampanye.view_audit", raise_exception=True)
def audit(request):
    """The append-only audit log, newest first, with each change shown field by field."""
    try:
        filters, errors = queries.AuditFilters.from_query(request.GET), {}
    except queries.FilterError as exc:
        filters, errors = queries.AuditFilters(), exc.errors
    page = Paginator(queries.audit_entries(filters), 50).get_page(request.GET.get("page"))
    entries = [
        (
            entry,
            queries.audit_diff(entry),
            queries.audit_model_label(entry.model),
            queries.audit_action_label(entry.action),
        )
        for entry in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "core/audit.html",
        {
            "page": page,
            "entries": entries,
            "errors": errors,
            "query": request.GET,
            "params": params.urlencode(),
            "models": [(m, queries.audit_model_label(m)) for m in queries.audit_models()],
        },
    )
