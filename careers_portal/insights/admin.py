from django.contrib import admin

from careers_portal.insights.models import AnnualReport, NationalFigure, ReportDownload


@admin.register(NationalFigure)
class NationalFigureAdmin(admin.ModelAdmin):
    """Reference data: add a row when the national figure for a new year is published."""

    list_display = ["academic_year", "average_benchmarks_met", "source"]


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["institution", "academic_year", "status", "progress", "requested_at"]
    list_filter = ["status"]
    readonly_fields = ["file", "size", "requested_at", "started_at", "finished_at", "reason"]


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    list_display = ["report", "user", "at"]
