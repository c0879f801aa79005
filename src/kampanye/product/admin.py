from django.contrib import admin

from kampanye.product.models import BrandAttribute, Plank, PlankChange, Theme


class PlankChangeInline(admin.TabularInline):
    model = PlankChange
    extra = 0
    readonly_fields = ["changed_on", "note"]
    can_delete = False


@admin.register(Plank)
class PlankAdmin(admin.ModelAdmin):
    """Read-mostly: edit planks in the app (product:plank_edit), which keeps their history."""

    list_display = ["title", "contestant", "status", "drafted_on", "changed_on"]
    list_filter = ["contestant", "status"]
    search_fields = ["title", "description"]
    readonly_fields = ["changed_on"]
    filter_horizontal = ["segments"]
    inlines = [PlankChangeInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "contestant", "core"]
    list_filter = ["contestant", "core"]
    filter_horizontal = ["planks"]


@admin.register(BrandAttribute)
class BrandAttributeAdmin(admin.ModelAdmin):
    list_display = ["name", "contestant"]
    list_filter = ["contestant"]
