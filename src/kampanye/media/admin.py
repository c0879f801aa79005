from django.contrib import admin

from kampanye.media.models import (
    CoverageItem,
    FollowUp,
    MediaContact,
    Meeting,
    Mention,
    Outlet,
    OwnerGroup,
    PressEvent,
)


@admin.register(OwnerGroup)
class OwnerGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "ties_as_of", "ties_source")


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "reach", "owner", "audience", "audience_as_of", "illustrative")
    list_filter = ("kind", "reach", "owner", "illustrative")
    raw_id_fields = ("area",)


@admin.register(MediaContact)
class MediaContactAdmin(admin.ModelAdmin):
    # personal data: no phone or e-mail in the list, and no bulk export from here
    list_display = ("name", "role", "outlet", "contestant", "added_on", "forgotten_at")
    list_filter = ("role", "contestant", "illustrative")
    raw_id_fields = ("area", "owned_by")
    actions = None


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ("owner",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "contestant", "agenda", "illustrative")
    raw_id_fields = ("contacts", "plank", "logged_by")
    inlines = [FollowUpInline]


@admin.register(PressEvent)
class PressEventAdmin(admin.ModelAdmin):
    list_display = ("held_on", "title", "kind", "contestant", "cost_idr", "illustrative")
    raw_id_fields = ("area",)


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    raw_id_fields = ("corrected_by",)


@admin.register(CoverageItem)
class CoverageItemAdmin(admin.ModelAdmin):
    list_display = ("published_on", "outlet", "title", "kind", "paid", "illustrative")
    list_filter = ("kind", "paid", "outlet__kind", "illustrative")
    search_fields = ("title", "url")
    raw_id_fields = ("outlet", "event")
    inlines = [MentionInline]
