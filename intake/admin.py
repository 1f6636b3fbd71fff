"""Intakes in the admin are read-only, for audit, with the log of who viewed each one."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from intake.models import AuditExport, Intake, IntakeAccess, Outcome, SuspectedCause
from intake.services import intake_access_record, intake_accesses_record


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
    list_display = ["__str__", "created_at", "created_by", "disposition", "level", "referral_made_at", "escalated_at"]
    list_filter = ["disposition", "level", "created_at"]
    # Set by the on-call escalation (intake.tasks), so not a form field: shown read-only.
    readonly_fields = ["escalated_at"]
    list_select_related = ["created_by"]
    search_fields = ["hospital_number"]
    inlines = [SuspectedCauseInline, IntakeAccessInline]
    date_hierarchy = "created_at"

    # The admin shows patients too: its intake page and each intake its list or a search shows
    # are written to the access log. A search is logged as a search, never with its words.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        intake = getattr(response, "context_data", {}).get("original")
        if response.status_code == 200 and intake is not None:
            intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.ADMIN)
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            searched = bool(changelist.query)
            page = IntakeAccess.Page.ADMIN_SEARCH if searched else IntakeAccess.Page.ADMIN_LIST
            intake_accesses_record(intakes=changelist.result_list, user=request.user, page=page)
        return response


@admin.register(IntakeAccess)
class IntakeAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["viewed_at", "viewed_by", "intake", "page"]
    list_filter = ["page", "viewed_at"]
    list_select_related = ["viewed_by", "intake"]
    date_hierarchy = "viewed_at"


@admin.register(AuditExport)
class AuditExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who exported which period of the audit, and how many rows went out (empty: cut off before the end)."""

    list_display = ["started_at", "exported_by", "period_start", "period_end", "rows", "finished_at"]
    list_filter = ["started_at"]
    list_select_related = ["exported_by"]
    date_hierarchy = "started_at"


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Outcomes are recorded on the intake pages; here, read-only, with every earlier version."""

    list_display = ["intake", "diagnosis", "cause", "confirmed_on", "recorded_by", "recorded_at"]
    list_filter = ["diagnosis", "confirmed_on"]
    list_select_related = ["intake", "cause", "recorded_by"]
    history_list_display = ["diagnosis", "cause", "confirmed_on"]
