"""The one schema of a field report: its limits and its errors as {field: [messages]}."""

import base64
import datetime as dt
import uuid

import pydantic
import pytest

from kampanye.ground.schemas import HOUSEHOLDS, MAX_NOTE, Rejected, ReportIn, read_report

WHEN = dt.datetime(2012, 6, 10, 5, 0, tzinfo=dt.UTC)


def raw(**kw):
    base = {
        "client_uuid": str(uuid.uuid4()),
        "occurred_at": WHEN.isoformat(),
        "area_code": "31.75.01.1001",
        "response": "supportive",
    }
    base.update(kw)
    return base


def test_a_good_report_reads_as_the_schema():
    # when
    item = read_report(raw(households="3", note="  ramah  ", themes=["banjir"]))
    # then types are coerced and text trimmed
    assert isinstance(item, ReportIn)
    assert (item.households, item.note, item.themes) == (3, "ramah", ["banjir"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"households": HOUSEHOLDS[1] + 1}, "households"),
        ({"households": HOUSEHOLDS[0] - 1}, "households"),
        ({"response": "maybe"}, "response"),
        ({"occurred_at": "2012-06-10T05:00:00"}, "occurred_at"),
        ({"note": "x" * (MAX_NOTE + 1)}, "note"),
        ({"latitude": -6.2}, "longitude"),
        ({"latitude": 51.5, "longitude": 106.8}, "latitude"),
        ({"photo_base64": "bm90IGFuIGltYWdl"}, "photo_base64"),
        ({"aspiration": {"kind": "wish", "category": "flood", "text": "abc"}}, "aspiration.kind"),
        (
            {"aspiration": {"kind": "request", "category": "flood", "text": " a "}},
            "aspiration.text",
        ),
        (
            {
                "response": "not_home",
                "aspiration": {"kind": "request", "category": "flood", "text": "Got mampet"},
            },
            "aspiration",
        ),
    ],
)
def test_each_limit_is_an_error_on_its_field(change, field):
    # when
    item = read_report(raw(**change))
    # then the report is rejected, naming the field with one of our messages
    assert isinstance(item, Rejected)
    assert list(item.errors) == [field]
    assert all(m and not m.startswith("Input should") for m in item.errors[field])


def test_messages_name_the_limits():
    item = read_report(raw(households=0))
    assert item.errors == {"households": ["Jumlah rumah tangga 1 sampai 50."]}


def test_a_png_photo_is_accepted():
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 20).decode()
    assert isinstance(read_report(raw(photo_base64=f"data:image/png;base64,{png}")), ReportIn)


def test_a_report_without_a_readable_uuid_cannot_be_answered_on_its_own():
    with pytest.raises(pydantic.ValidationError):
        read_report(raw(client_uuid="not-a-uuid"))


def test_an_answer_is_checked_by_one_schema_for_the_form_and_the_api():
    # given
    from kampanye.ground.forms import AnswerForm
    from kampanye.ground.schemas import MAX_ANSWER, AnswerIn

    # when the same texts go through the schema and the triage page's form
    blank, long = AnswerForm({"answer": "   "}), AnswerForm({"answer": "x" * (MAX_ANSWER + 1)})
    good = AnswerForm({"answer": "  Sudah dicatat  "})
    # then they agree, with our message on the field
    assert not blank.is_valid() and not long.is_valid()
    assert blank.errors["answer"] == ["Jawaban wajib diisi, paling panjang 4000 karakter."]
    assert good.is_valid() and good.cleaned_data == {"answer": "Sudah dicatat"}
    assert AnswerIn(answer="  Sudah dicatat  ").answer == "Sudah dicatat"
    with pytest.raises(pydantic.ValidationError):
        AnswerIn(answer="   ")
