"""Intakes in the admin are read-only, for audit, with the log of who viewed each one."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from intake.models import Intake, IntakeAccess, Outcome, SuspectedCause


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuspectedCauseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SuspectedCause
    fields = ["rank", "cause"]
    readonly_fields = fields
    extra = 0


class IntakeAccessInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = IntakeAccess
    fields = ["viewed_at", "viewed_by", "page"]
    readonly_fields = fields
    extra = 0


@admin.register(Intake)
class IntakeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "created_at", "created_by", "disposition", "level", "referral_made_at"]
    list_filter = ["disposition", "level", "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["hospital_number"]
    inlines = [SuspectedCauseInline, IntakeAccessInline]
    date_hierarchy = "created_at"


@admin.register(IntakeAccess)
class IntakeAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["viewed_at", "viewed_by", "intake", "page"]
    list_filter = ["page", "viewed_at"]
    list_select_related = ["viewed_by", "intake"]
    date_hierarchy = "viewed_at"


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Outcomes are recorded on the intake pages; here, read-only, with every earlier version."""

    list_display = ["intake", "diagnosis", "cause", "confirmed_on", "recorded_by", "recorded_at"]
    list_filter = ["diagnosis", "confirmed_on"]
    list_select_related = ["intake", "cause", "recorded_by"]
    history_list_display = ["diagnosis", "cause", "confirmed_on"]
