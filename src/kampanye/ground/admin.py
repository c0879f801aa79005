from django.contrib import admin

from kampanye.ground.models import (
    Activity,
    Aspiration,
    Assignment,
    Contact,
    ShareKit,
    Shift,
    SignUp,
)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "area", "starts_at", "initiated_by", "participation_level")
    list_filter = ("kind", "initiated_by", "participation_level", "illustrative")
    raw_id_fields = ("area", "initiator", "segment")


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    raw_id_fields = ("volunteer",)


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ("activity", "starts_at", "ends_at", "capacity")
    inlines = [SignUpInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("area_code", "volunteer", "status", "lease_until")
    list_filter = ("status",)
    raw_id_fields = ("volunteer", "area")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    """Read-only: contacts are append-only; a correction is filed as a new report."""

    list_display = ("client_uuid", "area_code", "response", "households", "occurred_at")
    list_filter = ("response", "illustrative")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Aspiration)
class AspirationAdmin(admin.ModelAdmin):
    list_display = ("category", "kind", "area_code", "status", "heard_at", "answered_at", "plank")
    list_filter = ("status", "category", "kind")
    raw_id_fields = ("contact", "area", "plank")


@admin.register(ShareKit)
class ShareKitAdmin(admin.ModelAdmin):
    list_display = ("title", "contestant", "active", "created_at")
