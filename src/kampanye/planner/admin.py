from django.contrib import admin

from kampanye.planner.models import Allocation, Run, Scenario


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    raw_id_fields = ["area", "segment"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "election",
        "contestant",
        "budget_idr",
        "volunteer_hours",
        "illustrative",
        "created_at",
    ]
    list_filter = ["election", "illustrative"]
    inlines = [AllocationInline]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "scenario",
        "status",
        "steps_done",
        "steps_total",
        "runs",
        "seed",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status"]
    readonly_fields = ["result", "error"]
