"""Illustrative segment sizes per kota/kabupaten for the demo (clearly labelled, not facts).

No published breakdown of Jakarta's 2012 voter list by the paper's segments exists in
``../shared/data``; the demo needs some sizes so that segment pages and targeting have
something to show. Each size is a share of the wilayah's DPT (2 June 2012 list) by an
assumed rate below, stored as ``people`` over ``of_people`` with ``estimated=True`` and a
source that says it is illustrative.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kampanye.areas.models import DptCount, Level, Segment, SegmentSize

SOURCE = "ilustratif: perkiraan demo dari DPT 2 Juni 2012 × tingkat asumsi, bukan data"
AS_OF = dt.date(2012, 6, 2)

# assumed share of each voter segment per 1,000 registered voters
PER_1000 = {
    "pedagang-pasar-tradisional": 45,
    "warga-miskin-kampung-kota": 210,
    "pns-muda": 30,
    "kelas-menengah-kota": 330,
}
# Kepulauan Seribu is fishing villages: few civil servants, a small middle class
ISLANDS = {"31.01": {"kelas-menengah-kota": 80, "warga-miskin-kampung-kota": 380}}


def build_illustrative_segment_sizes() -> int:
    """One size per voter segment and kota/kabupaten that has a DPT count. Idempotent."""
    segments = {s.slug: s for s in Segment.objects.filter(slug__in=PER_1000)}
    written = 0
    with transaction.atomic():
        counts = DptCount.objects.filter(area__level=Level.REGENCY, as_of=AS_OF)
        for dpt in counts.select_related("area"):
            rates = {**PER_1000, **ISLANDS.get(dpt.area.code, {})}
            for slug, segment in segments.items():
                _, created = SegmentSize.objects.update_or_create(
                    segment=segment,
                    area=dpt.area,
                    as_of=AS_OF,
                    defaults={
                        "people": dpt.voters * rates[slug] // 1000,
                        "of_people": dpt.voters,
                        "estimated": True,
                        "source": SOURCE,
                    },
                )
                written += created
    return written
