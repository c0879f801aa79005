"""Use cases of market intelligence, each one transaction: define a survey, import its
responses, weight it, record a focus group and a finding, load the polls' methods."""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kampanye.areas.models import Area, Segment
from kampanye.core.audit import record_change
from kampanye.core.exchange import ImportReport
from kampanye.elections.models import Contestant, Election, Poll
from kampanye.intel import responses
from kampanye.intel.blocks import block_questions
from kampanye.intel.models import (
    Finding,
    FocusGroup,
    Participant,
    PollMethod,
    Question,
    QuestionKind,
    Quote,
    Respondent,
    Survey,
    Weight,
    WeightSet,
)
from kampanye.intel.schemas import FindingIn, FocusGroupIn, QuestionIn, SurveyIn, WeightingIn
from kampanye.stats import Margin, Raker, RakingError, design_effect, effective_n
from kampanye.volunteers.actions import mask_nik, normalise_phone

MISSING = "__kosong__"  # the level of respondents who did not answer a weighting question


def create_survey(data: SurveyIn, user=None) -> Survey:
    """A survey with its questions: the ready blocks first, then its own questions."""
    election = None
    if data.election:
        election = Election.objects.filter(slug=data.election).first()
        if election is None:
            raise ValidationError({"election": _("pemilihan tidak dikenal")})
    if Survey.objects.filter(slug=data.slug).exists():
        raise ValidationError({"slug": _("survei dengan kode ini sudah ada")})
    contestants = list(election.contestants.order_by("ballot_no")) if election else []
    questions = [q for block in data.blocks for q in block_questions(block, contestants)]
    questions += [q.model_dump() for q in data.questions]
    names = [q["name"] for q in questions]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValidationError(
            {"questions": _("nama pertanyaan kembar: %(n)s") % {"n": ", ".join(twice)}}
        )
    with transaction.atomic():
        survey = Survey.objects.create(
            **data.model_dump(exclude={"election", "blocks", "questions"}), election=election
        )
        Question.objects.bulk_create(
            Question(
                survey=survey,
                order=i,
                **QuestionIn.model_validate(q).model_dump(),
            )
            for i, q in enumerate(questions)
        )
        record_change(user, "create", survey)
    return survey


def import_responses(survey: Survey, data: bytes, name: str, user=None) -> ImportReport:
    """Store a file of responses; all or nothing. Re-importing stores nothing twice: a
    respondent is known by its id, and an answer that changed is updated."""
    headers, rows = responses.read_rows(data, name)
    parsed = responses.parse(survey, headers, rows, name)
    report = ImportReport(kind="survey_responses", source=name, all_or_nothing=True)
    report.rows_in = parsed.rows_in
    report.errors = parsed.errors
    report.warnings = parsed.warnings
    areas = _areas(parsed, report)  # counts the rejected rows, unknown areas included
    if report.errors:
        report.reject_file = responses.write_rejects(survey, headers, rows, parsed)
        return report
    with transaction.atomic():
        existing = {r.uuid: r for r in survey.respondents.all()}
        new, changed = [], []
        for row in parsed.rows:
            values = {
                "submitted_at": row.submitted_at,
                "area_id": areas.get(row.area_code),
                "answers": row.answers,
                "personal": _personal(row.personal),
            }
            known = existing.get(row.uuid)
            if known is None:
                new.append(Respondent(survey=survey, uuid=row.uuid, **values))
            elif any(getattr(known, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(known, k, v)
                changed.append(known)
        Respondent.objects.bulk_create(new, batch_size=2000)
        if changed:
            Respondent.objects.bulk_update(changed, list(values), batch_size=2000)
        report.created, report.updated = len(new), len(changed)
        report.unchanged = len(parsed.rows) - len(new) - len(changed)
        report.committed = True
        record_change(
            user,
            "import",
            survey,
            before={},
            after={"file": name, **report.counts()},
        )
    return report


def _areas(parsed: responses.Parsed, report: ImportReport) -> dict[str, int]:
    """Area ids by code; a code nobody knows rejects its row."""
    codes = {r.area_code for r in parsed.rows if r.area_code}
    known = dict(Area.objects.filter(code__in=codes).values_list("code", "pk"))
    good = []
    for row in parsed.rows:
        if row.area_code and row.area_code not in known:
            report.errors.append(
                responses.RowError(
                    row.line,
                    "kode_wilayah",
                    _("wilayah %(c)s tidak dikenal") % {"c": row.area_code},
                )
            )
            parsed.bad_lines.add(row.line)
        else:
            good.append(row)
    parsed.rows = good
    report.rejected = len(parsed.bad_lines)
    return known


def _personal(values: dict[str, str]) -> dict[str, str]:
    out = dict(values)
    if "nik" in out:
        try:
            out["nik"] = mask_nik(out["nik"])
        except ValidationError:
            out.pop("nik")
    if "phone" in out:
        try:
            out["phone"] = normalise_phone(out["phone"])
        except ValidationError:
            out.pop("phone")
    return out


def weight_survey(survey: Survey, data: WeightingIn, user=None) -> WeightSet:
    """Rake the respondents to the margins and keep the weights as the next version."""
    questions = {q.name: q for q in survey.questions.all()}
    problems: dict[str, str] = {}
    for i, m in enumerate(data.margins):
        q = questions.get(m.question)
        if q is None:
            problems[f"margins.{i}.question"] = _("pertanyaan %(q)s tidak ada") % {"q": m.question}
        elif q.kind not in (QuestionKind.SINGLE, QuestionKind.LIKERT):
            problems[f"margins.{i}.question"] = _("hanya pertanyaan pilihan tunggal")
        elif unknown := sorted(set(m.targets) - set(q.codes)):
            problems[f"margins.{i}.targets"] = _("bukan pilihan %(q)s: %(c)s") % {
                "q": q.name,
                "c": ", ".join(unknown),
            }
        elif sum(m.targets.values()) <= 0:
            problems[f"margins.{i}.targets"] = _("jumlah target harus lebih dari 0")
    if problems:
        raise ValidationError(problems)
    people = list(survey.respondents.values_list("pk", "answers"))
    if not people:
        raise ValidationError({"margins": _("survei belum punya responden")})
    margins = [_margin(m.question, m.targets, [a for _, a in people]) for m in data.margins]
    try:
        raker = Raker(trim=data.trim).fit(margins)
    except RakingError as error:
        raise ValidationError({"margins": str(error)}) from None
    with transaction.atomic():
        last = survey.weight_sets.order_by("-version").first()
        weight_set = WeightSet.objects.create(
            survey=survey,
            version=(last.version + 1) if last else 1,
            margins=[m.model_dump() for m in data.margins],
            trim=list(data.trim) if data.trim else None,
            converged=raker.converged_,
            iterations=raker.n_iter_,
            max_error=raker.max_error_,
            design_effect=design_effect(raker.weights_),
            effective_n=effective_n(raker.weights_),
            respondents=len(people),
            created_by=user if getattr(user, "pk", None) else None,
        )
        Weight.objects.bulk_create(
            (
                Weight(weight_set=weight_set, respondent_id=pk, value=float(w))
                for (pk, _a), w in zip(people, raker.weights_, strict=True)
            ),
            batch_size=5000,
        )
        record_change(user, "create", weight_set)
    return weight_set


def _margin(question: str, targets: dict[str, float], answers: list[dict[str, Any]]) -> Margin:
    """Respondents who did not answer form their own level, kept at their sample share."""
    levels = list(targets)
    index = {code: i for i, code in enumerate(levels)}
    codes = np.array(
        [index.get(str(a.get(question)), len(levels)) for a in answers], dtype=np.int64
    )
    missing = float(np.mean(codes == len(levels)))
    total = sum(targets.values())
    shares = [targets[c] / total * (1 - missing) for c in levels] + [missing]
    return Margin.of(question, codes, shares)


def record_focus_group(data: FocusGroupIn, user=None) -> FocusGroup:
    area = Area.objects.filter(code=data.area).first() if data.area else None
    if data.area and area is None:
        raise ValidationError({"area": _("wilayah tidak dikenal")})
    segments = _segments([data.segment, *(p.segment for p in data.participants)])
    with transaction.atomic():
        group, _created = FocusGroup.objects.update_or_create(
            title=data.title,
            held_on=data.held_on,
            defaults={
                "area": area,
                "segment": segments.get(data.segment),
                "election": Election.objects.filter(slug=data.election).first(),
                "illustrative": data.illustrative,
            },
        )
        for p in data.participants:
            Participant.objects.update_or_create(
                focus_group=group,
                code=p.code,
                defaults={"sex": p.sex, "age_band": p.age_band, "segment": segments.get(p.segment)},
            )
        record_change(user, "create", group)
    return group


def _segments(slugs: list[str | None]) -> dict[str | None, Segment]:
    wanted = {s for s in slugs if s}
    found = {s.slug: s for s in Segment.objects.filter(slug__in=wanted)}
    if unknown := sorted(wanted - set(found)):
        raise ValidationError(
            {"segment": _("kelompok pemilih tidak dikenal: %(s)s") % {"s": ", ".join(unknown)}}
        )
    return found  # type: ignore[return-value]


def record_finding(data: FindingIn, user=None) -> Finding:
    """A dated finding; idempotent on (date, source, title)."""
    problems: dict[str, str] = {}
    survey = Survey.objects.filter(slug=data.survey).first() if data.survey else None
    if data.survey and survey is None:
        problems["survey"] = _("survei tidak dikenal")
    group = (
        FocusGroup.objects.filter(pk=data.focus_group_id).first() if data.focus_group_id else None
    )
    if data.focus_group_id and group is None:
        problems["focus_group_id"] = _("FGD tidak dikenal")
    contestant = (
        Contestant.objects.filter(pk=data.contestant_id).first() if data.contestant_id else None
    )
    if data.contestant_id and contestant is None:
        problems["contestant_id"] = _("pasangan tidak dikenal")
    codes = {code for code, _words in data.quotes if code}
    participants = {p.code: p for p in group.participants.all()} if group else {}
    if unknown := sorted(codes - set(participants)):
        problems["quotes"] = _("peserta tidak dikenal: %(c)s") % {"c": ", ".join(unknown)}
    if problems:
        raise ValidationError(problems)
    segment = _segments([data.segment]).get(data.segment)
    with transaction.atomic():
        finding, _created = Finding.objects.update_or_create(
            found_on=data.found_on,
            source=data.source,
            title=data.title,
            defaults={
                "summary": data.summary,
                "theme": data.theme,
                "confidence": data.confidence,
                "contestant": contestant,
                "segment": segment,
                "survey": survey,
                "focus_group": group,
                "illustrative": data.illustrative,
            },
        )
        finding.quotes.all().delete()
        Quote.objects.bulk_create(
            Quote(finding=finding, participant=participants.get(code), text=words)
            for code, words in data.quotes
        )
        record_change(user, "create", finding)
    return finding


def load_poll_methods(election: Election) -> int:
    """The published method of the 2012 polls (``data/jakarta_2012_poll_methods.csv``, each
    row with its source); rows whose poll is not loaded are skipped."""
    path = resources.files("kampanye.intel") / "data" / "jakarta_2012_poll_methods.csv"
    count = 0
    with path.open(encoding="utf-8") as handle, transaction.atomic():
        for row in csv.DictReader(handle):
            poll = (
                Poll.objects.filter(
                    election=election, round_number=int(row["round"]), pollster=row["pollster"]
                )
                .filter(**({"released": row["released"]} if row["released"] else {}))
                .first()
            )
            if poll is None:
                continue
            PollMethod.objects.update_or_create(
                poll=poll,
                defaults={
                    "mode": row["mode"],
                    "frame": row["frame"],
                    "sampled": int(row["sampled"]) if row["sampled"] else None,
                    "reached": int(row["reached"]) if row["reached"] else None,
                    "assumed_turnout_per_1000": int(row["assumed_turnout_per_1000"])
                    if row["assumed_turnout_per_1000"]
                    else None,
                    "source": row["source"],
                },
            )
            count += 1
    return count
