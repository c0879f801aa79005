"""Rupiah as Indonesians write it (Rp27.500.000.000), from whole-Rupiah integers."""

from django import template
from lokal import format_rupiah

register = template.Library()


@register.filter
def idr(value) -> str:
    return "–" if value is None else format_rupiah(int(value))
