"""Illustrative market intelligence for the demo (marked *ilustratif*): two survey waves
of Jakarta 2012, imported through the same path as a real Kobo export and weighted to the
DPT, two focus groups and the findings they led to. The figures are made up; only their
shape (the incumbent ahead early, floods, traffic and health costs as the issues) follows
the published record."""

from __future__ import annotations

import datetime as dt

import numpy as np

from kampanye.elections.models import Election
from kampanye.intel.actions import (
    create_survey,
    import_responses,
    record_finding,
    record_focus_group,
    weight_survey,
)
from kampanye.intel.models import Finding, Survey
from kampanye.intel.queries import suggested_margins
from kampanye.intel.schemas import FindingIn, FocusGroupIn, SurveyIn, WeightingIn

WAVES = [
    # slug, title, fielded, vote intention shares: Foke, Hendardji, Jokowi, Hidayat, undecided
    (
        "ilustratif-maret-2012",
        "Survei gelombang 1 (ilustratif)",
        dt.date(2012, 3, 10),
        {"1": 0.44, "2": 0.02, "3": 0.20, "4": 0.10, "belum": 0.24},
    ),
    (
        "ilustratif-juni-2012",
        "Survei gelombang 2 (ilustratif)",
        dt.date(2012, 6, 10),
        {"1": 0.38, "2": 0.02, "3": 0.30, "4": 0.10, "belum": 0.20},
    ),
]
WILAYAH = {"31.71": 0.08, "31.72": 0.14, "31.73": 0.20, "31.74": 0.20, "31.75": 0.37, "31.01": 0.01}
ISSUES = ["banjir", "macet", "kesehatan", "pendidikan", "kerja", "perumahan", "korupsi"]
OPEN = [
    "banjir tiap musim hujan",
    "macet parah di jalan",
    "biaya berobat mahal",
    "sekolah anak harus gratis",
    "susah cari kerja",
    "",
]
RESPONDENTS = 1500


def _wave_csv(seed: int, vote: dict[str, float], fielded: dt.date) -> bytes:
    rng = np.random.default_rng(seed)
    n = RESPONDENTS
    wil = rng.choice(list(WILAYAH), n, p=list(WILAYAH.values()))
    jk = rng.choice(["l", "p"], n, p=[0.44, 0.56])  # women answer more often
    umur = rng.choice(
        ["17-24", "25-34", "35-44", "45-54", "55plus"], n, p=[0.12, 0.24, 0.26, 0.22, 0.16]
    )
    pend = rng.choice(["sd", "smp", "sma", "pt"], n, p=[0.25, 0.25, 0.35, 0.15])
    choice = rng.choice(list(vote), n, p=list(vote.values()))
    young = np.isin(umur, ["17-24", "25-34"])
    choice = np.where(young & (choice == "1") & (rng.random(n) < 0.15), "3", choice)
    lines = [
        "_uuid,_submission_time,demografi/jk,demografi/umur,demografi/wilayah,"
        "demografi/pendidikan,pilihan,isu,isu_terbuka"
    ]
    for i in range(n):
        picked = rng.choice(
            ISSUES,
            size=rng.integers(1, 4),
            replace=False,
            p=[0.3, 0.25, 0.15, 0.1, 0.1, 0.05, 0.05],
        )
        when = dt.datetime.combine(fielded, dt.time(9)) + dt.timedelta(minutes=int(i * 7))
        lines.append(
            f"{seed}-{i},{when.isoformat()},{jk[i]},{umur[i]},{wil[i]},{pend[i]},{choice[i]},"
            f"{' '.join(picked)},{OPEN[i % len(OPEN)]}"
        )
    return ("\n".join(lines) + "\n").encode()


def build_illustrative_intel() -> dict[str, int]:
    """Idempotent: a wave already stored is imported again with nothing changed."""
    election = Election.objects.filter(slug="jakarta-2012").first()
    if election is None:
        return {"surveys": 0}
    for i, (slug, title, fielded, vote) in enumerate(WAVES):
        survey = Survey.objects.filter(slug=slug).first() or create_survey(
            SurveyIn.model_validate(
                dict(
                    slug=slug,
                    title=title,
                    election=election.slug,
                    fielded_from=fielded,
                    fielded_to=fielded + dt.timedelta(days=6),
                    frame="DPT, acak bertingkat",
                    sampled=2 * RESPONDENTS,
                    illustrative=True,
                    source="ilustratif",
                    blocks=["demographics", "vote_intention", "issues"],
                )
            )
        )
        import_responses(survey, _wave_csv(2012 + i, vote, fielded), f"{slug}.csv")
        if not survey.weight_sets.exists():
            margins = [
                *suggested_margins(survey),
                {"question": "jk", "targets": {"l": 0.5, "p": 0.5}, "source": "ilustratif"},
            ]
            weight_survey(
                survey, WeightingIn.model_validate({"margins": margins, "trim": [0.3, 3]})
            )
    tambora = record_focus_group(
        FocusGroupIn.model_validate(
            dict(
                title="Ibu rumah tangga Tambora (ilustratif)",
                held_on=dt.date(2012, 3, 17),
                area="31.73",
                segment="warga-miskin-kampung-kota",
                election=election.slug,
                participants=[
                    {"code": f"P{i}", "sex": "p", "age_band": "35-44"} for i in range(1, 9)
                ],
                illustrative=True,
            )
        )
    )
    pasar = record_focus_group(
        FocusGroupIn.model_validate(
            dict(
                title="Pedagang Pasar Senen (ilustratif)",
                held_on=dt.date(2012, 3, 24),
                area="31.71",
                segment="pedagang-pasar-tradisional",
                election=election.slug,
                participants=[
                    {"code": f"P{i}", "sex": "l" if i % 2 else "p", "age_band": "45-54"}
                    for i in range(1, 9)
                ],
                illustrative=True,
            )
        )
    )
    findings = [
        FindingIn.model_validate(
            dict(
                found_on=dt.date(2012, 3, 17),
                source="survey",
                theme="need",
                title="Banjir dan macet masalah utama warga",
                confidence="high",
                survey="ilustratif-maret-2012",
                illustrative=True,
                summary="Isu yang paling sering dipilih pada gelombang 1.",
            )
        ),
        FindingIn.model_validate(
            dict(
                found_on=dt.date(2012, 3, 18),
                source="focus_group",
                theme="demand",
                title="Berobat gratis tanpa berbelit",
                confidence="medium",
                focus_group_id=tambora.pk,
                illustrative=True,
                quotes=[
                    ("P3", "Kalau anak sakit, kami utang dulu ke tetangga."),
                    ("P6", "Kartu apa pun boleh, asal tidak diping-pong."),
                ],
            )
        ),
        FindingIn.model_validate(
            dict(
                found_on=dt.date(2012, 3, 25),
                source="focus_group",
                theme="expectation",
                title="Pasar ditata tanpa menggusur pedagang",
                confidence="medium",
                focus_group_id=pasar.pk,
                illustrative=True,
                quotes=[("P1", "Ditata boleh, asal kami diajak bicara dulu.")],
            )
        ),
        FindingIn.model_validate(
            dict(
                found_on=dt.date(2012, 3, 25),
                source="focus_group",
                theme="perception",
                title="Jokowi dikenal sebagai wali kota yang mau turun ke pasar",
                confidence="low",
                focus_group_id=pasar.pk,
                illustrative=True,
                quotes=[("P4", "Yang dari Solo itu, katanya sering ke pasar.")],
            )
        ),
    ]
    for finding in findings:
        record_finding(finding)
    return {
        "surveys": Survey.objects.filter(illustrative=True).count(),
        "findings": Finding.objects.filter(illustrative=True).count(),
    }
