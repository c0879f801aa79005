"""Rupiah, Indonesian number grouping and percentages for the planner's pages."""

from __future__ import annotations

from django import template
from lokal import format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    return format_rupiah(int(value or 0))


@register.filter
def angka(value) -> str:
    """Whole numbers with Indonesian grouping: 40.000."""
    return f"{int(value or 0):,}".replace(",", ".")


@register.filter
def persen(value, places: int = 1) -> str:
    """A share already in percent, Indonesian decimal comma: 41,3."""
    if value is None:
        return "—"
    return f"{float(value):.{int(places)}f}".replace(".", ",")
