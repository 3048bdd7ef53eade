from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from careers_portal.accounts.models import Membership, SecurityEvent, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["institution", "department"]
    readonly_fields = ["invitation_sent_at", "deactivated_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "role", "department", "is_active"]
    list_filter = ["role", "is_active", "institution"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "institution__name"]
    autocomplete_fields = ["user", "institution", "department"]
    list_select_related = ["user", "institution", "department"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The record of changes to how people sign in: read only, for support and the DPO."""

    list_display = ["at", "kind", "user", "by", "institution", "detail"]
    list_filter = ["kind", "institution"]
    search_fields = ["user__email", "by__email"]
    list_select_related = ["user", "by", "institution"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
