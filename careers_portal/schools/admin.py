from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careers_portal.schools.models import (
    AcademicYear,
    Department,
    HalfTerm,
    Institution,
    Learner,
    LearnerImportMapping,
    NewYearRun,
    Trust,
)


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phase", "trust", "urn", "ukprn"]
    list_filter = ["kind", "phase", "trust"]
    search_fields = ["name", "urn", "ukprn"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "institution"]
    list_filter = ["institution"]
    search_fields = ["name", "institution__name"]


class HalfTermInline(admin.TabularInline):
    # Rows without an institution are England's default dates; the others an institution's own.
    model = HalfTerm
    extra = 0
    fields = ["institution", "number", "start_date", "end_date"]
    raw_id_fields = ["institution"]


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date"]
    inlines = [HalfTermInline]


@admin.register(Learner)
class LearnerAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "institution", "year_group", "send", "disadvantaged"]
    list_select_related = ["institution"]
    readonly_fields = ["anonymised_at"]
    list_filter = [
        "institution",
        "year_group",
        "send",
        "disadvantaged",
        "looked_after",
        "eal",
        "young_carer",
    ]
    search_fields = ["first_name", "last_name", "upn", "uln", "mis_id", "reg_group"]


@admin.register(NewYearRun)
class NewYearRunAdmin(admin.ModelAdmin):
    list_display = ["institution", "academic_year", "applied_at", "applied_by"]
    list_select_related = ["institution", "academic_year", "applied_by"]
    readonly_fields = ["institution", "academic_year", "applied_at", "applied_by", "summary"]


@admin.register(LearnerImportMapping)
class LearnerImportMappingAdmin(admin.ModelAdmin):
    list_display = ["institution", "updated_at"]
