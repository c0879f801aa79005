"""Pages for importing and exporting the shared vocabulary (thin: parse, check, call, render).

URL names (in ``core/urls.py``, namespace ``core``): ``exchange`` (the hub: export links
for users with ``export_data``, the import form for users with ``import_data``),
``import_data`` (upload and report), ``import_reject`` (download a reject file),
``export_data`` (download a kind).
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from kampanye.core.exchange import BadFile, export_file, import_file, kinds, rejects_dir
from kampanye.core.registry import registry
from kampanye.core.tabular import FORMATS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
REJECT_NAME_RE = re.compile(r"^[a-z]+-\d{8}-\d{6}(-\d+)?\.csv$")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis data"))
    file = forms.FileField(label=_("Berkas CSV atau XLSX"))
    election = forms.ChoiceField(
        required=False,
        label=_("Pemilihan"),
        help_text=_("Untuk baris yang kolom pemilihannya kosong."),
    )
    sheet = forms.CharField(
        required=False, label=_("Lembar XLSX"), help_text=_("Kosong: lembar pertama.")
    )
    all_or_nothing = forms.BooleanField(
        required=False,
        label=_("Semua atau tidak sama sekali"),
        help_text=_("Jangan simpan apa pun bila ada baris yang ditolak."),
    )
    dry_run = forms.BooleanField(required=False, label=_("Uji coba (tidak menyimpan)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, f"{k.name} — {k.label}") for k in kinds().values()]
        elections = registry.elections.choices() if registry.elections else []
        self.fields["election"].choices = [("", _("— dari kolom election —"))] + [
            (e.slug, str(e)) for e in elections
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Berkas lebih besar dari 50 MB."))
        return upload


def _can(user, name: str) -> bool:
    return user.has_perm(f"kampanye.{name}")


@login_required
@require_GET
def exchange_home(request):
    can_import, can_export = _can(request.user, "import_data"), _can(request.user, "export_data")
    if not (can_import or can_export):
        raise PermissionDenied
    return render(
        request,
        "core/import_export.html",
        {
            "kinds": kinds().values(),
            "elections": registry.elections.choices() if registry.elections else [],
            "can_import": can_import,
            "can_export": can_export,
            "formats": FORMATS,
        },
    )


@login_required
@permission_required("kampanye.import_data", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = import_file(
                data["kind"],
                data["file"].read(),
                name=data["file"].name,
                user=request.user,
                election=data["election"],
                sheet=data["sheet"] or None,
                all_or_nothing=data["all_or_nothing"],
                dry_run=data["dry_run"],
            )
        except BadFile as error:
            form.add_error("file", str(error))
    status = 400 if request.method == "POST" and report is None else 200
    return render(
        request,
        "core/import.html",
        {"form": form, "report": report, "kinds": kinds().values()},
        status=status,
    )


@login_required
@permission_required("kampanye.import_data", raise_exception=True)
@require_GET
def import_reject(request, name: str):
    path = rejects_dir() / name
    if not REJECT_NAME_RE.match(name) or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES["csv"]
    )


@login_required
@permission_required("kampanye.export_data", raise_exception=True)
@require_GET
def export_download(request, kind: str):
    fmt = request.GET.get("format", "csv")
    if kind not in kinds() or fmt not in FORMATS:
        raise Http404
    try:
        data = export_file(
            kind, fmt, election=request.GET.get("election") or None, user=request.user
        )
    except BadFile as error:
        raise Http404(str(error)) from None
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.{fmt}"'
    return response
