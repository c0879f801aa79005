from django.contrib import admin

from kampanye.volunteers.models import Community, Consent, Posko, Team, Volunteer


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ("purpose", "given_at", "text_version")


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ("name", "contestant", "home_area", "community", "joined_on", "illustrative")
    list_filter = ("contestant", "illustrative", "community__kind")
    search_fields = ("name", "referral_code")
    readonly_fields = ("nik_masked", "referral_code", "forgotten_at")
    raw_id_fields = ("user", "home_area", "recruited_by")
    inlines = [ConsentInline]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contestant")
    list_filter = ("kind", "contestant")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "area", "coordinator")
    list_filter = ("level", "contestant")
    raw_id_fields = ("area", "parent", "coordinator", "members")


@admin.register(Posko)
class PoskoAdmin(admin.ModelAdmin):
    list_display = ("name", "area", "days", "opens_at", "closes_at", "illustrative")
    raw_id_fields = ("area", "team")
