from django.contrib import admin

from kampanye.social.models import (
    ContestantQuery,
    IngestJob,
    Label,
    Mention,
    Post,
    PostIssue,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("platform", "account", "name", "contestant")
    list_filter = ("platform", "contestant")
    search_fields = ("account", "name")


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    list_display = (
        "path",
        "format",
        "status",
        "records",
        "stored",
        "duplicates",
        "rejected",
        "started_at",
    )
    list_filter = ("status", "format")
    readonly_fields = [f.name for f in IngestJob._meta.fields]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("platform", "external_id", "author_handle", "created_at", "is_synthetic")
    list_filter = ("platform", "is_synthetic", "language")
    search_fields = ("text", "author_handle", "external_id")
    raw_id_fields = ("job",)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("post", "contestant", "day", "platform", "label", "model_version")
    list_filter = ("label", "platform", "contestant")
    raw_id_fields = ("post",)


@admin.register(PostIssue)
class PostIssueAdmin(admin.ModelAdmin):
    list_display = ("post", "issue", "day")
    list_filter = ("issue",)
    raw_id_fields = ("post",)


@admin.register(ContestantQuery)
class ContestantQueryAdmin(admin.ModelAdmin):
    list_display = ("contestant", "version", "created_at", "created_by")
    readonly_fields = ("contestant", "text", "version", "created_at", "created_by")


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("post", "contestant", "annotator", "label", "issue", "created_at")
    list_filter = ("label", "contestant")
    raw_id_fields = ("post",)
