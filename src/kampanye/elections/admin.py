from django.contrib import admin

from kampanye.elections.models import (
    CampaignFund,
    Contestant,
    Election,
    Party,
    Poll,
    PollEstimate,
    Result,
    Round,
    RunoffTransfer,
    Turnout,
)


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "office", "region"]
    raw_id_fields = ["region"]
    inlines = [RoundInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["short", "name"]
    search_fields = ["short", "name"]


@admin.register(Contestant)
class ContestantAdmin(admin.ModelAdmin):
    list_display = ["ballot_no", "short", "name", "backing", "independent", "incumbent", "election"]
    list_filter = ["election", "independent", "incumbent"]
    filter_horizontal = ["parties"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["round", "area", "contestant", "votes", "source"]
    list_filter = ["round", "contestant"]
    raw_id_fields = ["area"]


@admin.register(Turnout)
class TurnoutAdmin(admin.ModelAdmin):
    list_display = ["round", "area", "dpt", "ballots", "valid", "invalid"]
    list_filter = ["round"]
    raw_id_fields = ["area"]


class PollEstimateInline(admin.TabularInline):
    model = PollEstimate
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["pollster", "round_number", "field_end", "released", "sample_size"]
    list_filter = ["election", "round_number"]
    inlines = [PollEstimateInline]


@admin.register(CampaignFund)
class CampaignFundAdmin(admin.ModelAdmin):
    list_display = ["contestant", "report", "reported_on", "amount_idr"]


@admin.register(RunoffTransfer)
class RunoffTransferAdmin(admin.ModelAdmin):
    list_display = ["survey", "from_label", "to_contestant", "per_100"]
    list_filter = ["survey"]
