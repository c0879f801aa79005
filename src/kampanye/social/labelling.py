"""The labelling queue's actions: an analyst's labels for one post, and the CSV of agreed
labels that ``kampanye nlp train --extra`` takes. Agreement is scikit-learn's Cohen's kappa."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from sklearn.metrics import cohen_kappa_score

from kampanye.core.audit import record_change, snapshot
from kampanye.core.tabular import csv_cells
from kampanye.social.models import Label, Post, Sentiment


@dataclass(frozen=True)
class LabelIn:
    contestant_id: int | None
    label: str
    issue: str = ""


def save_labels(user, post: Post, labels: Sequence[LabelIn]) -> list[Label]:
    """Store (or replace) ``user``'s labels of ``post``, one per contestant; audited."""
    allowed = set(post.mentions.values_list("contestant_id", flat=True))
    out: list[Label] = []
    with transaction.atomic():
        for item in labels:
            if item.label not in Sentiment.values:
                raise ValidationError(
                    {"label": _("label '%(l)s' tidak dikenal") % {"l": item.label}}
                )
            if item.contestant_id is not None and item.contestant_id not in allowed:
                raise ValidationError(
                    {"contestant": _("pasangan calon ini tidak disebut dalam unggahan")}
                )
            existing = Label.objects.filter(
                post=post,
                # the stubs type an ``_id`` lookup as not nullable; None here means IS NULL
                contestant_id=item.contestant_id,  # type: ignore[misc]
                annotator=user,
            ).first()
            before = snapshot(existing)
            label, _created = Label.objects.update_or_create(
                post=post,
                contestant_id=item.contestant_id,
                annotator=user,
                defaults={"label": item.label, "issue": item.issue},
            )
            record_change(user, "label_post", label, before=before)
            out.append(label)
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> tuple[float | None, int, int]:
    """Cohen's kappa of two annotators' labels of the same items, with the raw agreement as
    (agreeing, items). Kappa is None without items or when chance agreement is 1."""
    if len(a) != len(b):
        raise ValueError("dua daftar label harus sama panjang")
    n = len(a)
    if n == 0:
        return None, 0, 0
    agree = sum(x == y for x, y in zip(a, b, strict=True))
    # Chance agreement is 1 exactly when both gave every item one and the same label.
    if len(set(a) | set(b)) == 1:
        return None, agree, n
    return float(cohen_kappa_score(a, b)), agree, n


def majority(labels: Sequence[str]) -> str | None:
    """The label most annotators gave, None on a tie."""
    counts = Counter(labels).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def write_training_csv(path: str | Path, election=None, *, spreadsheet: bool = False) -> int:
    """Write ``text,label`` rows for retraining: one per post × contestant by majority of its
    annotators; a post whose contestants got different labels is left out (its one text
    cannot carry two labels). Returns the number of rows."""
    qs = Label.objects.select_related("post").order_by("post_id", "contestant_id")
    if election is not None:
        qs = qs.filter(post__election=election)
    by_item: dict[tuple[int, int | None], list[str]] = {}
    texts: dict[int, str] = {}
    for label in qs:
        by_item.setdefault((label.post_id, label.contestant_id), []).append(label.label)
        texts[label.post_id] = label.post.text
    per_post: dict[int, set[str]] = {}
    for (post_id, _c), labels in by_item.items():
        won = majority(labels)
        if won is not None:
            per_post.setdefault(post_id, set()).add(won)
    rows = [(texts[p], next(iter(ls))) for p, ls in per_post.items() if len(ls) == 1]
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        # for people (the web download) a post that begins like a formula stays text; the
        # command's file feeds ``nlp train``, which reads each text exactly as posted
        writer.writerows(map(csv_cells, rows) if spreadsheet else rows)
    return len(rows)
