from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from encounters import services
from encounters.models import (
    Encounter,
    EncounterLearner,
    GuidanceMeeting,
    Organisation,
    OrganisationContact,
)


class OrganisationContactInline(admin.TabularInline):
    model = OrganisationContact
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "institution", "kind", "sector", "approved_provider"]
    list_filter = ["kind", "approved_provider"]
    search_fields = ["name", "sector"]
    inlines = [OrganisationContactInline]


class EncounterLearnerInline(admin.TabularInline):
    model = EncounterLearner
    raw_id_fields = ["learner"]
    extra = 0


@admin.register(Encounter)
class EncounterAdmin(SimpleHistoryAdmin):
    list_display = ["title", "institution", "date", "kind", "is_pal"]
    list_filter = ["kind", "is_pal", "in_school_day"]
    search_fields = ["title"]
    date_hierarchy = "date"
    readonly_fields = ["version"]
    filter_horizontal = [
        "organisations",
        "benchmarks",
        "cdi_areas",
        "skills",
        "meaningful_criteria",
    ]
    inlines = [EncounterLearnerInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The meaningful flags derive from the ticked criteria, which only exist once the
        # relations are saved: the same service the log form uses keeps coverage right.
        services.encounter_refresh_meaningful(form.instance)


@admin.register(GuidanceMeeting)
class GuidanceMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["learner", "date", "adviser_name", "adviser_level6"]
    raw_id_fields = ["learner"]
