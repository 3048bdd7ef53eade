from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    Action,
    Milestone,
    Objective,
    ReminderDigest,
    ReminderPreference,
    Review,
    StrategicPlan,
    SwotItem,
)


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0
    fields = ["number", "title", "scope", "target_date"]
    show_change_link = True


class SwotItemInline(admin.TabularInline):
    model = SwotItem
    extra = 0
    exclude = ["version"]


@admin.register(StrategicPlan)
class StrategicPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "institution", "start_year", "end_year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "institution__name"]
    # Set by the approval and archive services only (plans.services), never edited here.
    readonly_fields = ["status", "version"]
    raw_id_fields = ["created_by", "slt_approved_by", "governors_approved_by", "copied_from"]
    inlines = [ObjectiveInline, SwotItemInline]


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    raw_id_fields = ["owner", "half_term"]
    exclude = ["version"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    raw_id_fields = ["owner"]
    exclude = ["version"]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "scope"]
    search_fields = ["title", "plan__institution__name"]
    inlines = [ActionInline, MilestoneInline]
    readonly_fields = ["version"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "objective", "owner", "status", "due_date"]
    list_filter = ["status", "is_cpd", "carried_over"]
    raw_id_fields = ["owner", "half_term", "objective"]
    readonly_fields = ["version"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "objective", "due_date", "done_date"]
    raw_id_fields = ["owner", "objective"]
    readonly_fields = ["version"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "date"]
    raw_id_fields = ["plan", "reviewed_by"]


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    """The reminders' sent-log: a row without "sent at" was claimed and not (yet) sent."""

    list_display = ["user", "day", "claimed_at", "sent_at"]
    list_filter = ["day", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "day", "items", "claimed_at", "sent_at"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digests", "changed_at"]
    raw_id_fields = ["user"]
