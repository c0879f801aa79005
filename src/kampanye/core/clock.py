"""The workspace's clock: the moment every "last 30 days", lease expiry, chart range and
default period counts from.

A live campaign's workspace runs on today. A workspace about a past election lives on its
own date ("as of"): the demo is a day of the 2012 runoff campaign, so its activity is recent
and its leases run, instead of judging 2012 against today. The date comes from
``KAMPANYE_AS_OF``, else from the ``as_of`` file in the data folder (``kampanye demo``
writes it with ``set_as_of``), else it is today. The time of
day stays the real one, in WIB, so a report filed now lands on the workspace's date at the
hour it was sent.

Records of what the software itself did (audit entries, job times, token use) keep the real
time: only the campaign's time runs on this clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from kampanye import conf

__all__ = ["as_of", "now", "set_as_of", "today"]


def _stored() -> Path:
    return Path(settings.DATA_DIR) / "as_of"


def as_of() -> dt.date | None:
    """The workspace's own date, or None when it runs on today."""
    text = conf.get("KAMPANYE_AS_OF").strip()
    if not text:
        try:
            text = _stored().read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None  # ``kampanye check`` names a bad date (kampanye.E004)


def set_as_of(day: dt.date | None) -> None:
    """Keep the workspace's date in the data folder; None: run on today."""
    if day is None:
        _stored().unlink(missing_ok=True)
    else:
        _stored().write_text(day.isoformat() + "\n", encoding="utf-8")


def now() -> dt.datetime:
    """The workspace's present moment: its date at the current WIB time of day."""
    real = timezone.now()
    day = as_of()
    if day is None:
        return real
    local = timezone.localtime(real)
    return local.replace(year=day.year, month=day.month, day=day.day)


def today() -> dt.date:
    """The workspace's date, in WIB."""
    return timezone.localdate(now())
