"""Use cases of the political product: loading the Jakarta 2012 product, changing a plank.

A plank's history is what lets the strategy module tell a market-oriented campaign (the
product changes after market intelligence) from a sales-oriented one, so every change a
user makes goes through ``update_plank``, which records a ``PlankChange`` and audits it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kampanye.areas.actions import load_paper_segments
from kampanye.areas.models import Segment
from kampanye.core import clock
from kampanye.core.audit import record_change, snapshot
from kampanye.elections.actions import SLUG, load_jakarta_2012
from kampanye.elections.models import Contestant
from kampanye.product.models import BrandAttribute, Plank, PlankChange, Theme

DATA = Path(__file__).parent / "data" / "jakarta_2012_product.json"
EDITABLE = ("title", "description", "status")


def _put(counts: dict[str, int], model, lookup: dict[str, Any], values: dict[str, Any]):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        counts["created"] += 1
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return obj


def _link(counts: dict[str, int], manager, wanted: list) -> None:
    current = {o.pk for o in manager.all()}
    if current != {o.pk for o in wanted}:
        manager.set(wanted)
        counts["updated" if current else "created"] += 1


def _load_contestant(
    counts: dict[str, int], c: Contestant, spec: dict[str, Any], segments: dict[str, Segment]
) -> None:
    planks: dict[str, Plank] = {}
    for p in spec["planks"]:
        changes = p.get("changes", [])
        changed_on = max((dt.date.fromisoformat(ch["changed_on"]) for ch in changes), default=None)
        plank = _put(
            counts,
            Plank,
            {"contestant": c, "slug": p["slug"]},
            {
                "title": p["title"],
                "description": p["description"],
                "status": p["status"],
                "drafted_on": dt.date.fromisoformat(p["drafted_on"]),
                "changed_on": changed_on,
                "source": p["source"],
            },
        )
        _link(counts, plank.segments, [segments[s] for s in p["segments"]])
        for ch in changes:
            _put(
                counts,
                PlankChange,
                {
                    "plank": plank,
                    "changed_on": dt.date.fromisoformat(ch["changed_on"]),
                    "note": ch["note"],
                },
                {},
            )
        planks[p["slug"]] = plank
    for t in spec["themes"]:
        theme = _put(
            counts,
            Theme,
            {"contestant": c, "slug": t["slug"]},
            {"name": t["name"], "message": t["message"], "core": t["core"]},
        )
        _link(counts, theme.planks, [planks[s] for s in t["planks"]])
    for b in spec["brand"]:
        _put(
            counts,
            BrandAttribute,
            {"contestant": c, "name": b["name"]},
            {"description": b["description"], "evidence": b["evidence"]},
        )


def load_jakarta_2012_product(user=None) -> dict[str, int]:
    """Planks, themes and brand attributes of the 2012 pairs, from the paper or illustrative."""
    spec = json.loads(DATA.read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        if not Contestant.objects.filter(election__slug=SLUG).exists():
            load_jakarta_2012(user)
        load_paper_segments(user)
        segments = {s.slug: s for s in Segment.objects.all()}
        pairs = {c.short: c for c in Contestant.objects.filter(election__slug=SLUG)}
        for short, item in spec["contestants"].items():
            _load_contestant(counts, pairs[short], item, segments)
        if counts["created"] or counts["updated"]:
            record_change(
                user, "load_jakarta_2012_product", model="product.plank", after=dict(counts)
            )
    return {
        **counts,
        "planks": Plank.objects.filter(contestant__election__slug=SLUG).count(),
        "themes": Theme.objects.filter(contestant__election__slug=SLUG).count(),
        "brand_attributes": BrandAttribute.objects.filter(contestant__election__slug=SLUG).count(),
    }


def update_plank(
    user, plank: Plank, *, note: str = "", changed_on: dt.date | None = None, **changes: Any
) -> Plank:
    """Change a plank's title, description or status; keeps a PlankChange and an audit entry.

    ``note`` says why (what finding or aspiration led to it); without one the change is
    described by the fields that changed.
    """
    if not user.has_perm("kampanye.edit_product"):
        raise PermissionDenied(_("Anda tidak berhak mengubah produk politik."))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("Kolom tidak dapat diubah: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    if "status" in changes and changes["status"] not in Plank.Status.values:
        raise ValidationError(
            {"status": _("Status tidak dikenal: %(s)s.") % {"s": changes["status"]}}
        )
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": _("Judul tidak boleh kosong.")})
    changed = {k: v for k, v in changes.items() if getattr(plank, k) != v}
    if not changed:
        return plank
    day = changed_on or clock.today()
    if day < plank.drafted_on:
        raise ValidationError({"changed_on": _("Tanggal perubahan sebelum tanggal rancangan.")})
    labels = {"title": _("judul"), "description": _("uraian"), "status": _("status")}
    text = note.strip() or _("Diubah: %(f)s.") % {"f": ", ".join(str(labels[k]) for k in changed)}
    with transaction.atomic():
        before = snapshot(plank)
        for k, v in changed.items():
            setattr(plank, k, v)
        plank.changed_on = max(day, plank.changed_on or day)
        plank.save()
        PlankChange.objects.create(plank=plank, changed_on=day, note=text)
        record_change(user, "update", plank, before=before)
    return plank
