import pytest

from kampanye.core.tabular import BadFile, write_table
from kampanye.intel.actions import create_survey, import_responses
from kampanye.intel.models import Respondent
from kampanye.intel.schemas import SurveyIn
from kampanye.intel.tests.conftest import kobo_csv

KOBO = [
    {
        "start": "2012-03-01",
        "demografi/jk": "l",
        "demografi/umur": "25-34",
        "demografi/wilayah": "31.75",
        "pilihan": "3",
        "isu": "banjir macet",
        "isu_terbuka": "macet parah tiap hari",
        "_uuid": "a1",
        "_submission_time": "2012-03-02T10:00:00",
    },
    {
        "start": "2012-03-01",
        "demografi/jk": "p",
        "demografi/umur": "55plus",
        "demografi/wilayah": "31.71",
        "pilihan": "1",
        "isu": "kesehatan",
        "isu_terbuka": "",
        "_uuid": "a2",
        "_submission_time": "2012-03-02T11:30:00",
    },
]


@pytest.mark.django_db
def test_kobo_export_imports_every_row_and_reimport_stores_nothing_twice(survey):
    data = kobo_csv(KOBO)
    # when a Kobo export is imported twice
    first = import_responses(survey, data, "kobo.csv")
    second = import_responses(survey, data, "kobo.csv")
    # then both rows are stored once, with multiple choice as a list and WIB times
    assert (first.rows_in, first.created, first.rejected, first.committed) == (2, 2, 0, True)
    assert (second.created, second.unchanged) == (0, 2)
    r = Respondent.objects.get(uuid="a1")
    assert r.answers["isu"] == ["banjir", "macet"] and r.answers["jk"] == "l"
    assert r.submitted_at.isoformat() == "2012-03-02T03:00:00+00:00"
    assert "start" in " ".join(first.warnings)  # unknown columns are named, not silent


@pytest.mark.django_db
def test_split_select_multiple_columns(survey):
    data = b"_uuid,jk,isu/banjir,isu/macet,isu.korupsi\nb1,p,1,0,True\nb2,l,0,0,0\n"
    report = import_responses(survey, data, "odk.csv")
    assert report.created == 2
    assert Respondent.objects.get(uuid="b1").answers["isu"] == ["banjir", "korupsi"]
    assert "isu" not in Respondent.objects.get(uuid="b2").answers


@pytest.mark.django_db
def test_a_value_outside_the_choices_rejects_the_file_and_names_line_and_field(survey):
    data = b"_uuid,jk,pilihan\nc1,l,3\nc2,x,3\nc3,p,9\n"
    report = import_responses(survey, data, "salah.csv")
    assert not report.committed and Respondent.objects.count() == 0
    assert report.rows_in == 3 and report.rejected == 2
    messages = [str(e) for e in report.errors]
    assert any("baris 3" in m and '"jk"' in m and "x bukan pilihan" in m for m in messages)
    assert any("baris 4" in m and '"pilihan"' in m for m in messages)
    rejected = report.reject_file.read_text(encoding="utf-8-sig").splitlines()
    assert rejected[0] == "line,field,reason,_uuid,jk,pilihan" and rejected[1].startswith("3,jk,")


@pytest.mark.django_db
def test_duplicate_uuid_in_one_file_is_refused(survey):
    report = import_responses(survey, b"_uuid,jk\nd1,l\nd1,p\n", "kembar.csv")
    assert not report.committed
    assert "pengenal kembar dengan baris 2" in str(report.errors[0])
    assert "baris 3" in str(report.errors[0])


@pytest.mark.django_db
def test_missing_id_column_and_a_fake_xlsx_are_clear_file_errors(survey):
    with pytest.raises(BadFile, match="pengenal responden"):
        import_responses(survey, b"jk,pilihan\nl,3\n", "tanpa-id.csv")
    with pytest.raises(BadFile):
        import_responses(survey, b"_uuid,jk\ne1,l\n", "palsu.xlsx")
    assert Respondent.objects.count() == 0


@pytest.mark.django_db
def test_latin1_csv_and_xlsx(survey):
    latin = "_uuid;jk;isu_terbuka\nf1;p;harga cabé naik\n".encode("latin-1")
    assert import_responses(survey, latin, "latin.csv").created == 1
    assert Respondent.objects.get(uuid="f1").answers["isu_terbuka"] == "harga cabé naik"
    xlsx = write_table(["_uuid", "jk", "pilihan"], [["g1", "l", 3], ["g2", "p", "1"]], "xlsx")
    report = import_responses(survey, xlsx, "jawaban.xlsx")
    assert report.created == 2 and Respondent.objects.get(uuid="g1").answers["pilihan"] == "3"


@pytest.mark.django_db
def test_spss_sav_with_value_labels(survey, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    pd = pytest.importorskip("pandas")
    # given an SPSS file as a survey agency delivers it: numeric codes with value labels
    frame = pd.DataFrame(
        {
            "uuid": ["h1", "h2", "h3"],
            "pilihan": [1.0, 3.0, float("nan")],
            "isu": ["banjir", "macet korupsi", ""],
        }
    )
    path = tmp_path / "survei.sav"
    pyreadstat.write_sav(
        frame, str(path), variable_value_labels={"pilihan": {1: "Foke", 3: "Jokowi"}}
    )
    # when imported
    report = import_responses(survey, path.read_bytes(), "survei.sav")
    # then every row is stored, the codes as the questionnaire's, a missing value unanswered
    assert (report.rows_in, report.created) == (3, 3)
    assert Respondent.objects.get(uuid="h2").answers == {
        "pilihan": "3",
        "isu": ["macet", "korupsi"],
    }
    assert "pilihan" not in Respondent.objects.get(uuid="h3").answers


@pytest.mark.django_db
def test_a_broken_sav_is_a_file_error(survey):
    with pytest.raises(BadFile, match="SPSS"):
        import_responses(survey, b"bukan spss", "rusak.sav")


@pytest.mark.django_db
def test_personal_columns_need_a_declared_purpose(survey, wilayah):
    data = b"_uuid,jk,nama,telepon\ni1,l,Budi,081234567890\n"
    report = import_responses(survey, data, "pribadi.csv")
    assert Respondent.objects.get(uuid="i1").personal == {}
    refused = import_responses(survey, b"_uuid,jk,nama\ni2,x,Budi\n", "pribadi.csv")
    assert "Budi" not in refused.reject_file.read_text(encoding="utf-8-sig")
    assert "UU PDP" in " ".join(report.warnings) and "nama" in " ".join(report.warnings)
    # given a panel survey that says why it keeps phone numbers
    panel = create_survey(
        SurveyIn(
            slug="panel",
            title="Panel",
            blocks=["demographics"],
            personal_data_purpose="Panel: responden dihubungi lagi pada gelombang kedua.",
        )
    )
    import_responses(panel, data, "pribadi.csv")
    kept = panel.respondents.get(uuid="i1").personal
    assert kept == {"name": "Budi", "phone": "+6281234567890"}


@pytest.mark.django_db
def test_unknown_area_code_rejects_the_row(survey):
    report = import_responses(survey, b"_uuid,jk,kode_wilayah\nj1,l,31.75\nj2,p,99.99\n", "w.csv")
    assert not report.committed and report.rejected == 1
    assert "99.99" in str(report.errors[0]) and "baris 3" in str(report.errors[0])
