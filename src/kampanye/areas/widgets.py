"""Pickers for forms that take an area code or a segment slug: the user types a name (or a
code) and picks from suggestions, instead of typing codes from memory. The field still holds
the code, so every form, API and import checks it the same way."""

from __future__ import annotations

from django import forms

from kampanye.areas.models import Segment


class AreaPicker(forms.TextInput):
    """Kota, kecamatan and kelurahan in the user's scope, searched by name or code as one
    types (HTMX fills the datalist from ``areas:search``); a code typed in full (an RW, an RT)
    is kept as typed."""

    template_name = "areas/_area_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"class": "area-picker", "autocomplete": "off", **(attrs or {})})


class SegmentPicker(forms.TextInput):
    """Voter segments by name; the field holds the slug."""

    template_name = "areas/_segment_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["segments"] = Segment.objects.order_by("name").values_list("slug", "name")
        return context
