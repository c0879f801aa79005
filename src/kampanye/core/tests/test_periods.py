"""The one reading of a "from … to" period of days, for query strings and forms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from kampanye.core.periods import Period, PeriodForm, read_period

D1, D2 = dt.date(2012, 6, 1), dt.date(2012, 7, 11)


def test_both_days_read_and_either_may_be_left_out():
    assert read_period({"date_from": "2012-06-01", "date_to": "2012-07-11"}) == Period(D1, D2)
    assert read_period({"date_to": " 2012-07-11 "}) == Period(None, D2)
    assert read_period(QueryDict("dari=&sampai=2012-07-11"), "dari", "sampai") == Period(None, D2)
    assert read_period({}) == Period()


def test_the_last_value_of_a_repeated_parameter_wins():
    assert read_period(QueryDict("date_from=2012-01-01&date_from=2012-06-01")).start == D1


def test_errors_name_each_field():
    # when a day is unreadable and, separately, the end comes before the start
    with pytest.raises(ValidationError) as bad_day:
        read_period({"date_from": "1 Juni", "date_to": "2012-07-11"})
    with pytest.raises(ValidationError) as backwards:
        read_period({"date_from": "2012-07-11", "date_to": "2012-06-01"})
    # then each error is on its field, as data
    assert list(bad_day.value.message_dict) == ["date_from"]
    assert "TTTT-BB-HH" in bad_day.value.message_dict["date_from"][0]
    assert list(backwards.value.message_dict) == ["date_to"]


@given(st.dates(), st.dates())
def test_a_period_reads_back_what_it_was_given_or_refuses_an_end_before_start(a, b):
    data = {"date_from": a.isoformat(), "date_to": b.isoformat()}
    if b < a:
        with pytest.raises(ValidationError):
            read_period(data)
    else:
        assert read_period(data) == Period(a, b)


def test_q_keeps_the_days_in_the_period_both_included():
    q = Period(D1, D2).q("occurred_on")
    assert q == Period(D1, None).q("occurred_on") & Period(None, D2).q("occurred_on")
    assert Period().q("occurred_on") == Period(None, None).q("occurred_on")
    assert ("occurred_on__gte", D1) in q.children and ("occurred_on__lte", D2) in q.children


def test_the_form_has_the_same_fields_and_check():
    # given a form with the social pages' names
    class Filter(PeriodForm):
        pass

    ok = Filter({"dari": "2012-06-01", "sampai": "2012-07-11"})
    backwards = Filter({"dari": "2012-07-11", "sampai": "2012-06-01"})
    # then
    assert ok.is_valid() and ok.period == Period(D1, D2)
    assert not backwards.is_valid() and list(backwards.errors) == ["sampai"]


def test_the_form_may_rename_its_fields():
    class Ledger(PeriodForm):
        period_keys = ("date_from", "date_to")

    form = Ledger({"date_from": "2012-06-01"})
    assert form.is_valid() and form.period == Period(D1, None)
