"""What the foundation's pages read: the audit log, API tokens, and the filter error every
app's filters raise."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

from kampanye.core.models import ApiToken, AuditEntry
from kampanye.core.periods import Period, read_period
from kampanye.core.registry import registry


class FilterError(ValueError):
    """Bad filter input: ``errors`` maps each field to a message a campaign worker reads."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class AuditFilters:
    """Which audit entries to show: by username, kind of data and WIB date range."""

    user: str | None = None
    model: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> AuditFilters:
        try:
            period = read_period(data)
        except ValidationError as exc:
            raise FilterError({k: " ".join(v) for k, v in exc.message_dict.items()}) from None
        return cls(
            user=(data.get("user") or "").strip()[:150] or None,
            model=(data.get("model") or "").strip()[:80] or None,
            date_from=period.start,
            date_to=period.end,
        )


def audit_entries(filters: AuditFilters) -> QuerySet:
    """The audit log, newest first, filtered (dates are WIB calendar days)."""
    qs = AuditEntry.objects.all()
    if filters.user:
        qs = qs.filter(username=filters.user)
    if filters.model:
        qs = qs.filter(model=filters.model)
    period = Period(filters.date_from, filters.date_to)
    return qs.filter(period.q("at__date")).order_by("-at", "-id")


def audit_models() -> list[str]:
    """Every kind of data that has an audit entry, for the filter's choices."""
    return list(AuditEntry.objects.order_by("model").values_list("model", flat=True).distinct())


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    kind: str  # "added", "removed" or "changed"
    label: str = ""  # the field's name in words, where the model is known


# what an entry's action was, in words; an action not named here shows as its code
_ACTIONS = {
    "create": gettext_lazy("membuat"),
    "update": gettext_lazy("mengubah"),
    "delete": gettext_lazy("menghapus"),
    "import": gettext_lazy("mengimpor berkas"),
    "create_user": gettext_lazy("membuat pengguna"),
    "create_token": gettext_lazy("membuat token API"),
    "revoke_token": gettext_lazy("mencabut token API"),
    "forget_person": gettext_lazy("menghapus data pribadi"),
    "retention": gettext_lazy("menghapus data lama (retensi)"),
}


def audit_action_label(action: str) -> str:
    return str(_ACTIONS.get(action) or registry.audit_actions.get(action, action))


def audit_model_label(model: str) -> str:
    """A kind of data in words (``ground.assignment`` → "penugasan wilayah")."""
    found = _model(model)
    return str(found._meta.verbose_name) if found is not None else model


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def audit_diff(entry) -> list[FieldChange]:
    """The fields an entry changed, before and after, in field order; unchanged ones left out.
    Values read as the app shows them: yes/no, a choice's words, a dash for nothing."""
    model = _model(entry.model)
    before, after = entry.before or {}, entry.after or {}
    changes = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        kind = (
            "changed" if key in before and key in after else "added" if key in after else "removed"
        )
        field = _field(model, key)
        changes.append(
            FieldChange(
                key,
                _shown(old, key in before, field),
                _shown(new, key in after, field),
                kind,
                _field_label(field, key),
            )
        )
    return changes


# fields declared without a label of their own (Django would show their code with spaces)
_FIELD_WORDS = {
    "area_code": gettext_lazy("kode wilayah"),
    "status": gettext_lazy("status"),
    "slug": gettext_lazy("kode"),
    "region": gettext_lazy("wilayah pemilihan"),
    "created_at": gettext_lazy("dibuat pada"),
    "at": gettext_lazy("waktu"),
    "ids": gettext_lazy("nomor data"),
    "rows_in": gettext_lazy("baris masuk"),
    "reject_file": gettext_lazy("berkas baris ditolak"),
}


def _field_label(field, key: str) -> str:
    """A field's name in words: its own label, else (a reference without one) the name of
    what it refers to, else a word from ``_FIELD_WORDS``, else its code."""
    if field is not None and str(field.verbose_name) != field.name.replace("_", " "):
        return str(field.verbose_name)
    if field is not None and field.is_relation and field.related_model is not None:
        return str(field.related_model._meta.verbose_name)
    return str(_FIELD_WORDS.get(key) or registry.audit_fields.get(key, key))


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(value: Any, present: bool, field=None) -> str:
    if not present:
        return ""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(gettext_lazy("ya") if value else gettext_lazy("tidak"))
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and len(value) >= 19 and value[10] == "T":  # an ISO moment
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "j M Y H.i")
    return str(value)


def token_state(token: ApiToken, now: dt.datetime | None = None) -> str:
    """``revoked``, ``expired`` or ``live`` (by the real clock, not the workspace's date)."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "live"


def api_tokens() -> QuerySet[ApiToken]:
    """Every API token, newest first, with its user."""
    return ApiToken.objects.select_related("user").order_by("-created_at", "-pk")


# ``kampanye worker`` touches this file while it runs; a page waiting on a queued job reads
# it to say whether anyone will pick the job up (one host: the SQLite default)
WORKER_HEARTBEAT_EVERY_S = 10
_WORKER_GONE_AFTER_S = 3 * WORKER_HEARTBEAT_EVERY_S


def worker_heartbeat_path() -> Path:
    return Path(settings.DATA_DIR) / "worker.alive"


@dataclass(frozen=True)
class QueueWait:
    """What a queued job waits for: the jobs queued before it, and whether a worker runs."""

    jobs_ahead: int
    worker_running: bool


def queue_wait(queued_at: dt.datetime) -> QueueWait:
    """The background queue as seen by a job queued at ``queued_at``."""
    from django_tasks_db.models import DBTaskResult

    ahead = (
        DBTaskResult.objects.filter(status__in=("READY", "RUNNING"), enqueued_at__lt=queued_at)
        .exclude(task_path__in=registry.housekeeping)
        .count()
    )
    try:
        age = time.time() - worker_heartbeat_path().stat().st_mtime
    except FileNotFoundError:
        age = float("inf")
    return QueueWait(jobs_ahead=ahead, worker_running=age < _WORKER_GONE_AFTER_S)
