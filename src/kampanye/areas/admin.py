from django.contrib import admin

from kampanye.areas.models import Area, DptCount, Segment, SegmentSize


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "source"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(DptCount)
class DptCountAdmin(admin.ModelAdmin):
    list_display = ["area", "voters", "as_of", "version", "source"]
    list_filter = ["version"]
    search_fields = ["area__code", "area__name"]
    raw_id_fields = ["area"]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "slug"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SegmentSize)
class SegmentSizeAdmin(admin.ModelAdmin):
    list_display = ["segment", "area", "people", "of_people", "as_of", "estimated"]
    list_filter = ["segment", "estimated"]
    raw_id_fields = ["area"]
