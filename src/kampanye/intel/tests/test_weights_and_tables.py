import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from kampanye.intel.actions import (
    import_responses,
    record_finding,
    record_focus_group,
    weight_survey,
)
from kampanye.intel.queries import findings, suggested_margins, table
from kampanye.intel.schemas import FindingIn, FocusGroupIn, WeightingIn
from kampanye.stats import wilson_interval


def _respondents(survey, rows):
    lines = ["_uuid,jk,wilayah,pilihan"] + [
        f"r{i},{jk},{w},{p}" for i, (jk, w, p) in enumerate(rows)
    ]
    report = import_responses(survey, ("\n".join(lines) + "\n").encode(), "r.csv")
    assert report.committed, report.errors


@pytest.mark.django_db
def test_unweighted_topline_by_hand_and_too_few(survey):
    # given 40 respondents: 30 for Jokowi (3), 10 for Foke (1); all men but one woman
    _respondents(
        survey, [("l", "31.75", "3")] * 30 + [("l", "31.71", "1")] * 9 + [("p", "31.71", "1")]
    )
    vote = survey.questions.get(name="pilihan")
    # when the topline is asked for
    t = table(survey, vote)
    col = t.columns[0]
    cells = {c.code: c for c in col.cells}
    # then the shares are 75 % and 25 %, with Wilson intervals at n = 40, and named unweighted
    assert cells["3"].share == pytest.approx(0.75) and cells["1"].share == pytest.approx(0.25)
    assert (cells["3"].lower, cells["3"].upper) == pytest.approx(wilson_interval(0.75, 40))
    assert t.weights == "tanpa bobot" and t.design_effect == pytest.approx(1.0)
    # and by sex, the women's column (1 respondent) is too few to show
    by_sex = table(survey, vote, [survey.questions.get(name="jk")])
    assert [c.too_few for c in by_sex.columns] == [False, True]


@pytest.mark.django_db
def test_raking_to_dpt_margins_reproduces_them_and_is_versioned(survey):
    # given a sample that over-represents Jakarta Timur
    _respondents(
        survey, [("l", "31.75", "3")] * 60 + [("p", "31.71", "1")] * 20 + [("p", "31.73", "1")] * 20
    )
    margins = [
        {"question": "wilayah", "targets": {"31.75": 0.5, "31.71": 0.25, "31.73": 0.25}},
        {"question": "jk", "targets": {"l": 0.5, "p": 0.5}},
    ]
    # when weighted twice
    v1 = weight_survey(survey, WeightingIn.model_validate({"margins": margins}))
    v2 = weight_survey(survey, WeightingIn.model_validate({"margins": margins, "trim": [0.5, 2]}))
    # then versions count up, and v1's weighted margins equal the targets
    assert (v1.version, v2.version) == (1, 2) and v1.converged
    wil = table(survey, survey.questions.get(name="wilayah"), weight_set=v1)
    shares = {c.code: c.share for c in wil.columns[0].cells}
    assert shares["31.75"] == pytest.approx(0.5, abs=1e-9)
    assert wil.weights == "bobot v1 (wilayah, jk)"
    assert v1.design_effect > 1 and v1.effective_n < 100
    assert np.isclose(v1.effective_n * v1.design_effect, 100)


@pytest.mark.django_db
def test_weighting_errors_name_their_field(survey):
    _respondents(survey, [("l", "31.75", "3")] * 5)
    bad = WeightingIn.model_validate({"margins": [{"question": "jk", "targets": {"x": 1}}]})
    with pytest.raises(ValidationError) as err:
        weight_survey(survey, bad)
    assert "margins.0.targets" in err.value.message_dict
    nobody = WeightingIn.model_validate(
        {"margins": [{"question": "jk", "targets": {"l": 1, "p": 1}}]}
    )
    with pytest.raises(ValidationError, match="no respondent"):
        weight_survey(survey, nobody)


@pytest.mark.django_db
def test_suggested_margins_come_from_the_dpt(survey):
    [margin] = suggested_margins(survey)
    assert margin["question"] == "wilayah" and "DPT" in margin["source"]
    assert sum(margin["targets"].values()) == pytest.approx(1.0)
    assert margin["targets"]["31.75"] > margin["targets"]["31.71"]  # Timur outnumbers Pusat


@pytest.mark.django_db
def test_findings_are_dated_with_source_and_confidence(survey):
    # given a focus group with a quote, and a survey finding
    group = record_focus_group(
        FocusGroupIn(
            title="Ibu-ibu Tambora",
            held_on=dt.date(2012, 3, 10),
            area="31.73",
            participants=[{"code": "P1", "sex": "p"}],
        )
    )
    record_finding(
        FindingIn(
            found_on=dt.date(2012, 3, 12),
            source="focus_group",
            theme="need",
            title="Biaya berobat memberatkan",
            confidence="high",
            focus_group_id=group.pk,
            quotes=[("P1", "Berobat mahal sekali")],
        )
    )
    record_finding(
        FindingIn(
            found_on=dt.date(2012, 2, 1),
            source="survey",
            title="Banjir isu utama",
            confidence="low",
            survey="maret-2012",
        )
    )
    # then the strategy module reads them in date order, filterable by date and confidence
    rows = findings()
    assert [(r.date, r.source, r.confidence) for r in rows] == [
        (dt.date(2012, 2, 1), "survey", "low"),
        (dt.date(2012, 3, 12), "focus_group", "high"),
    ]
    assert [r.title for r in findings(until=dt.date(2012, 2, 28))] == ["Banjir isu utama"]
    assert [r.source for r in findings(min_confidence="medium")] == ["focus_group"]
    # and a quote that names an unknown participant is refused
    with pytest.raises(ValidationError) as err:
        record_finding(
            FindingIn(
                found_on=dt.date(2012, 3, 12),
                source="focus_group",
                title="x y z",
                focus_group_id=group.pk,
                quotes=[("P9", "…")],
            )
        )
    assert "quotes" in err.value.message_dict


@pytest.mark.django_db
def test_findings_import_kind_accounts_for_every_row_and_reimports_unchanged(survey):
    from kampanye.core.exchange import import_file

    data = (
        b"tanggal,sumber,judul,keyakinan,survei\n"
        b"2012-03-12,focus_group,Biaya berobat memberatkan,high,\n"
        b"2012-03-20,survey,Banjir isu utama,medium,maret-2012\n"
        b"2012-03-21,rumor,Sumber tak dikenal,low,\n"
    )
    first = import_file("findings", data, name="temuan.csv")
    again = import_file("findings", data, name="temuan.csv")
    assert (first.rows_in, first.created, first.rejected) == (3, 2, 1)
    assert first.errors[0].line == 4 and first.errors[0].field == "source"
    assert (again.created, again.unchanged) == (0, 2)
