"""The foundation's pages: the audit log."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from kampanye.core import queries


@login_required
@permission_required("kampanye.view_audit", raise_exception=True)
def audit(request):
    """The append-only audit log, newest first, with each change shown field by field."""
    try:
        filters, errors = queries.AuditFilters.from_query(request.GET), {}
    except queries.FilterError as exc:
        filters, errors = queries.AuditFilters(), exc.errors
    page = Paginator(queries.audit_entries(filters), 50).get_page(request.GET.get("page"))
    entries = [(entry, queries.audit_diff(entry)) for entry in page.object_list]
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
            "models": queries.audit_models(),
        },
    )
