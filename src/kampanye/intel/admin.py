from django.contrib import admin

from kampanye.intel import models


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0


@admin.register(models.Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "fielded_from", "fielded_to", "mode", "illustrative"]
    inlines = [QuestionInline]


@admin.register(models.WeightSet)
class WeightSetAdmin(admin.ModelAdmin):
    list_display = ["survey", "version", "converged", "design_effect", "effective_n"]
    readonly_fields = [f.name for f in models.WeightSet._meta.fields]


class ParticipantInline(admin.TabularInline):
    model = models.Participant
    extra = 0


@admin.register(models.FocusGroup)
class FocusGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "area", "segment", "illustrative"]
    inlines = [ParticipantInline]


class QuoteInline(admin.TabularInline):
    model = models.Quote
    extra = 0


@admin.register(models.Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["found_on", "source", "title", "confidence", "illustrative"]
    list_filter = ["source", "confidence"]
    inlines = [QuoteInline]


@admin.register(models.PollMethod)
class PollMethodAdmin(admin.ModelAdmin):
    list_display = ["poll", "mode", "frame", "sampled", "reached"]
