from django.contrib import admin

from surveys.models import Invitation, Question, Response, Section, Survey


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["title", "order"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "audience", "purpose", "opens_on", "closes_on"]
    list_filter = ["audience", "purpose", "institution"]
    search_fields = ["title"]
    raw_id_fields = ["baseline", "encounter", "created_by"]
    inlines = [SectionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "section", "order", "required"]
    list_filter = ["kind"]
    search_fields = ["text"]
    raw_id_fields = ["section", "baseline_question"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["survey", "year_group", "sent_at", "used_at"]
    # Names, emails and tokens are personal data or secrets: not searchable, not listed.
    exclude = ["token"]
    raw_id_fields = ["survey", "learner"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "year_group", "submitted_at", "via_open_link"]
    raw_id_fields = ["survey", "learner", "invitation"]
