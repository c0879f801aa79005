"""A period of calendar days (WIB), as every filter reads it: one definition of "from … to".

Pages and the API name the two days differently (``date_from``/``date_to`` on the ledger,
the audit log and the API; ``dari``/``sampai`` on the social pages), but read them the same
way: ISO days (``TTTT-BB-HH``), either may be left out, and the end may not come before the
start. ``read_period`` reads a query dict; ``PeriodForm`` gives a Django form the same two
fields and the same check. Errors are data: ``ValidationError({field: [message]})``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included; ``None`` leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def q(self, field: str) -> Q:
        """The rows whose ``field`` (a date, or ``something__date``) falls in the period."""
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{field}__lte": self.end})
        return q

    def problems(self, end_key: str) -> dict[str, list[str]]:
        if self.start is not None and self.end is not None and self.end < self.start:
            return {end_key: [_("tanggal akhir sebelum tanggal awal")]}
        return {}


def _text(data: Mapping[str, Any], key: str) -> str:
    if hasattr(data, "getlist"):  # a QueryDict: the last value given wins
        values = [str(v).strip() for v in data.getlist(key) if str(v).strip()]
        return values[-1] if values else ""
    value = data.get(key)
    return "" if value is None else str(value).strip()


def read_period(
    data: Mapping[str, Any], start_key: str = "date_from", end_key: str = "date_to"
) -> Period:
    """The period named by ``data[start_key]`` and ``data[end_key]``; raises
    ``ValidationError({key: [message]})`` for a day that is not ``TTTT-BB-HH`` or an end
    before the start."""
    errors: dict[str, list[str]] = {}
    days: dict[str, dt.date | None] = {}
    for key in (start_key, end_key):
        text = _text(data, key)
        days[key] = None
        if text:
            try:
                days[key] = dt.date.fromisoformat(text)
            except ValueError:
                errors[key] = [_("tanggal '%(v)s' tidak valid; tulis TTTT-BB-HH") % {"v": text}]
    period = Period(days[start_key], days[end_key])
    errors.update(period.problems(end_key))
    if errors:
        raise ValidationError(errors)
    return period


class PeriodForm(forms.Form):
    """A filter form's "from" and "to" days, checked as ``read_period`` checks them.
    Subclasses may rename the two fields through ``period_keys``."""

    period_keys: ClassVar[tuple[str, str]] = ("dari", "sampai")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = self.period_keys
        for key, label in ((start, gettext_lazy("Dari")), (end, gettext_lazy("Sampai"))):
            self.fields.setdefault(
                key,
                forms.DateField(
                    required=False, label=label, widget=forms.DateInput(attrs={"type": "date"})
                ),
            )
        self.order_fields(self.field_order)  # the two days where the subclass places them

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = self.period_keys
        for key, messages in Period(data.get(start), data.get(end)).problems(end).items():
            for message in messages:
                self.add_error(key, message)
        return data

    @property
    def period(self) -> Period:
        """The checked period (call after ``is_valid``)."""
        start, end = self.period_keys
        return Period(self.cleaned_data.get(start), self.cleaned_data.get(end))
