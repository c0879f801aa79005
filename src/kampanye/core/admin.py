"""Admin for the core: memberships and tokens editable; the audit log read-only."""

from django.contrib import admin

from kampanye.core.models import ApiToken, AuditEntry, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area", "contestant")
    list_filter = ("role",)
    search_fields = ("user__username", "area__code", "area__name")
    raw_id_fields = ("area",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "created_at", "last_used_at")
    fields = ("user", "name", "digest", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request):
        return False  # tokens are issued with `kampanye createtoken`, which shows them once


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "model", "object_id")
    list_filter = ("action", "model")
    search_fields = ("username", "object_id")
