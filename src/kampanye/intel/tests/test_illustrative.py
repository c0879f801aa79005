import pytest

from kampanye.intel.illustrative import RESPONDENTS, build_illustrative_intel
from kampanye.intel.models import Finding, Respondent, Survey
from kampanye.intel.queries import findings, table


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_builds_weighted_waves_and_findings_once(wilayah):
    # when the demo step runs twice
    first = build_illustrative_intel()
    second = build_illustrative_intel()
    # then two waves of respondents, weighted to the DPT, and dated findings exist once
    assert first == second == {"surveys": 2, "findings": 4}
    assert Respondent.objects.count() == 2 * RESPONDENTS
    wave = Survey.objects.get(slug="ilustratif-maret-2012")
    weights = wave.weight_sets.get()
    assert weights.converged and weights.version == 1
    t = table(wave, wave.questions.get(name="pilihan"), weight_set=weights)
    assert t.weights.startswith("bobot v1 (wilayah, jk)")
    assert all(f.illustrative for f in findings()) and Finding.objects.count() == 4
    assert Finding.objects.get(title__startswith="Berobat").quotes.count() == 2
