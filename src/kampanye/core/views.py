"""The foundation's pages: the audit log and the API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kampanye.core import actions, queries


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


@login_required
@permission_required("kampanye.manage_users", raise_exception=True)
def tokens(request):
    """API tokens: who holds which, until when; the manager revokes one with a button."""
    if request.method == "POST":
        pk = request.POST.get("revoke", "")
        if pk.isdigit():
            with transaction.atomic():
                n = actions.revoke_tokens(queries.api_tokens().filter(pk=pk), by=request.user)
            messages.success(request, _("%(n)d token dicabut.") % {"n": n})
        return redirect("core:tokens")
    page = Paginator(queries.api_tokens(), 50).get_page(request.GET.get("page"))
    rows = [(t, queries.token_state(t)) for t in page]
    return render(request, "core/tokens.html", {"rows": rows, "page": page})
