import pytest
from django.urls import reverse

from kampanye.intel.actions import import_responses


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["intel:index", "intel:polls"])
def test_pages_need_the_research_role(wilayah, make_user, client, name):
    client.force_login(make_user("volunteer"))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_survey_page_crosstab_and_export(survey, make_user, client):
    import_responses(
        survey, b"_uuid,jk,pilihan\n" + b"".join(b"k%d,l,3\n" % i for i in range(35)), "a.csv"
    )
    client.force_login(make_user("researcher"))
    url = reverse("intel:survey", args=[survey.slug])
    html = client.get(url, {"q": "pilihan", "by": "jk", "bobot": "0"}).content.decode()
    assert "tanpa bobot" in html and "100,0 %" in html and "terlalu sedikit" in html
    assert client.get(url, {"q": "nope", "by": "x", "bobot": "abc"}).status_code == 200
    export = client.get(url, {"q": "pilihan", "by": "jk", "bobot": "0", "format": "csv"})
    assert export.status_code == 200 and "terlalu sedikit" in export.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_upload_page_reports_line_and_field(survey, make_user, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("researcher"))
    upload = SimpleUploadedFile("x.csv", b"_uuid,jk\nm1,z\n")
    html = client.post(
        reverse("intel:upload", args=[survey.slug]), {"file": upload}
    ).content.decode()
    assert "baris 2" in html and "Tidak ada yang disimpan" in html


@pytest.mark.django_db
def test_tracker_page_shows_the_backtest(wilayah, make_user, client):
    client.force_login(make_user("researcher"))
    html = client.get(reverse("intel:polls"), {"putaran": "1"}).content.decode()
    assert "Rata-rata polos survei (pembanding)" in html and "backtest" in html
    assert "34,1" in html and "42,6" in html


@pytest.mark.django_db
def test_api_defines_a_survey_and_reads_its_table(wilayah, make_user, client):
    client.force_login(make_user("researcher"))
    body = {
        "slug": "api-survei",
        "title": "Survei API",
        "election": "jakarta-2012",
        "blocks": ["vote_intention", "demographics"],
    }
    made = client.post("/api/intel/surveys", body, content_type="application/json")
    assert made.status_code == 201, made.content
    bad = client.post(
        "/api/intel/surveys", {**body, "slug": "Ada Spasi"}, content_type="application/json"
    )
    assert bad.status_code == 422
    answer = client.get("/api/intel/surveys/api-survei/table", {"question": "pilihan"})
    assert answer.status_code == 200 and answer.json()["weights"] == "tanpa bobot"
    assert (
        answer.json()["columns"][0]["too_few"] is True
        and answer.json()["columns"][0]["cells"] is None
    )
    bt = client.get("/api/intel/polls/jakarta-2012/2/backtest").json()
    assert bt["rows"][0]["method"].startswith("Rata-rata polos") and bt["polls_used"] == 5


@pytest.mark.django_db
def test_new_survey_form_makes_a_survey_from_blocks_or_names_its_errors(wilayah, make_user, client):
    client.force_login(make_user("researcher"))
    url = reverse("intel:new_survey")
    bad = client.post(url, {"slug": "Bukan Kode", "title": "", "blocks": ["demographics"]})
    html = bad.content.decode()
    assert bad.status_code == 200 and "slug:" in html and "title:" in html
    made = client.post(
        url,
        {
            "slug": "gelombang-1",
            "title": "Survei baru",
            "election": "jakarta-2012",
            "blocks": ["vote_intention", "demographics"],
        },
    )
    assert made.status_code == 302 and made["Location"].endswith("/riset/survei/gelombang-1/")
    page = client.get(made["Location"]).content.decode()
    assert "Jika pemilihan diadakan hari ini" in page


@pytest.mark.django_db
def test_api_imports_responses_all_or_nothing(survey, make_user, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("researcher"))
    url = f"/api/intel/surveys/{survey.slug}/responses"
    bad = client.post(url, {"file": SimpleUploadedFile("a.csv", b"_uuid,jk\nn1,l\nn2,q\n")})
    body = bad.json()
    assert bad.status_code == 200 and body["committed"] is False and body["rejected"] == 1
    assert body["errors"] == [{"line": 3, "field": "jk", "reason": body["errors"][0]["reason"]}]
    good = client.post(url, {"file": SimpleUploadedFile("a.csv", b"_uuid,jk\nn1,l\nn2,p\n")})
    assert good.json()["created"] == 2 and good.json()["committed"] is True
    no_id = client.post(url, {"file": SimpleUploadedFile("a.csv", b"jk\nl\n")})
    assert no_id.status_code == 400 and "pengenal" in no_id.json()["detail"]
