from django.contrib import admin
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import ForeignKeyWidget

from benchmarks.models import (
    AnnualChecklist,
    Benchmark,
    CdiLearningArea,
    ChecklistItem,
    Criterion,
    MaturityResponse,
    MaturityReview,
    MaturityStatement,
    MaturityStatementText,
    MeaningfulCriterion,
    SelfAssessment,
    SkillsBuilderSkill,
)
from careers_portal.schools.models import Institution


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["number", "version", "title"]
    list_filter = ["version"]
    inlines = [CriterionInline]


@admin.register(MeaningfulCriterion)
class MeaningfulCriterionAdmin(admin.ModelAdmin):
    list_display = ["benchmark_number", "code", "text"]


@admin.register(CdiLearningArea)
class CdiLearningAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "description"]


@admin.register(SkillsBuilderSkill)
class SkillsBuilderSkillAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]


@admin.register(MaturityStatement)
class MaturityStatementAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "heading"]


class MaturityStatementTextResource(resources.ModelResource):
    """Import an institution's own statement wording from a spreadsheet: one row a statement."""

    institution = fields.Field(
        attribute="institution",
        column_name="institution",
        widget=ForeignKeyWidget(Institution, "name"),
    )
    statement = fields.Field(
        attribute="statement",
        column_name="code",
        widget=ForeignKeyWidget(MaturityStatement, "code"),
    )

    class Meta:
        model = MaturityStatementText
        fields = ["institution", "statement", "text", "level_1", "level_2", "level_3", "level_4"]
        import_id_fields = ["institution", "statement"]
        clean_model_instances = True


@admin.register(MaturityStatementText)
class MaturityStatementTextAdmin(ImportExportModelAdmin):
    resource_classes = [MaturityStatementTextResource]
    list_display = ["statement", "institution"]
    list_filter = ["institution"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["number", "text"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["institution", "assessed_on", "version", "audience"]
    list_filter = ["version", "institution"]


@admin.register(MaturityReview)
class MaturityReviewAdmin(admin.ModelAdmin):
    list_display = ["institution", "reviewed_on"]


@admin.register(MaturityResponse)
class MaturityResponseAdmin(admin.ModelAdmin):
    list_display = ["review", "statement", "level", "marking"]


@admin.register(AnnualChecklist)
class AnnualChecklistAdmin(admin.ModelAdmin):
    list_display = ["institution", "academic_year"]
