"""Writing the append-only audit log. Actions call ``record_change`` for every change."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict

from kampanye.core.models import AuditEntry


def snapshot(instance: models.Model | None) -> dict[str, Any] | None:
    """A JSON-safe dict of a model instance's fields (many-to-many as lists of ids)."""
    if instance is None:
        return None
    data = model_to_dict(instance)
    data["id"] = instance.pk
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, FieldFile):
            data[key] = value.name or ""  # the stored file's name, not the file
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def record_change(
    user,
    action: str,
    instance: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    model: str | None = None,
    object_id: str | None = None,
) -> AuditEntry:
    """Append one entry. ``before``/``after`` default to nothing and the instance's snapshot."""
    if instance is not None:
        model = model or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        if after is None and action != "delete":
            after = snapshot(instance)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "system",
        action=action,
        model=model or "",
        object_id=object_id or "",
        before=before,
        after=after,
    )
