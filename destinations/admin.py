from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from destinations.models import DestinationRecord, NccisCode


@admin.register(NccisCode)
class NccisCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "category", "valid_from", "valid_to"]
    list_filter = ["category"]
    search_fields = ["code", "label"]


@admin.register(DestinationRecord)
class DestinationRecordAdmin(SimpleHistoryAdmin):
    list_display = ["learner", "academic_year", "stage", "category", "provider", "source"]
    list_filter = ["stage", "category", "source", "academic_year"]
    search_fields = ["learner__last_name", "learner__first_name", "provider", "nccis_code"]
    list_select_related = ["learner", "academic_year"]
    raw_id_fields = ["learner", "recorded_by"]
