"""Admin for content editors: cause entries with preview and a full history of who changed what."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from causes.models import Cause, Clue, Urgency
from causes.views import cause_article_context


class CauseAdminForm(forms.ModelForm):
    risk_factors = forms.MultipleChoiceField(
        label=_("Risk factors and clues"),
        choices=Clue.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Intake answers that point to this cause; used to rank suspected causes."),
    )
    confirm_not_emergency = forms.BooleanField(
        label=_("I confirm this cause is no longer an emergency"),
        required=False,
        help_text=_("Needed only when lowering the urgency of an emergency cause."),
    )

    class Meta:
        model = Cause
        fields = [
            "name",
            "slug",
            "summary",
            "level",
            "onset",
            "usual_side",
            "urgency",
            "risk_factors",
            "overview",
            "mechanism",
            "symptoms",
            "emergency",
            "diagnosis",
            "treatment",
            "outlook",
            "references",
            "is_published",
            "written_by",
            "last_reviewed",
        ]

    def clean(self):
        cleaned_data = super().clean()
        was_emergency = self.instance.pk and self.initial.get("urgency") == Urgency.EMERGENCY
        lowered = cleaned_data.get("urgency") not in (None, Urgency.EMERGENCY)
        if was_emergency and lowered and not cleaned_data.get("confirm_not_emergency"):
            self.add_error(
                "confirm_not_emergency",
                _(
                    "This cause is an emergency. Tick the box to confirm it should no longer be shown as one. "
                    "Emergency routing of intakes is not affected by this field."
                ),
            )
        return cleaned_data


@admin.register(Cause)
class CauseAdmin(SimpleHistoryAdmin):
    form = CauseAdminForm
    list_display = ["name", "level", "urgency", "is_published", "modified", "last_reviewed"]
    list_filter = ["level", "urgency", "is_published", "onset"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created", "modified", "preview_link"]
    history_list_display = ["urgency", "is_published"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "is_published", "preview_link"]}),
        (
            _("Where, how and how urgent"),
            {"fields": ["level", "onset", "usual_side", "urgency", "confirm_not_emergency", "risk_factors"]},
        ),
        (
            _("Article (Markdown)"),
            {
                "fields": [
                    "overview",
                    "mechanism",
                    "symptoms",
                    "emergency",
                    "diagnosis",
                    "treatment",
                    "outlook",
                    "references",
                ]
            },
        ),
        (_("Article details"), {"fields": ["written_by", "last_reviewed", "created", "modified"]}),
    ]

    @admin.display(description=_("Preview"))
    def preview_link(self, cause):
        if not cause.pk:
            return _("Save the entry to preview it.")
        url = reverse("admin:causes_cause_preview", args=[cause.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview this article as readers will see it"))

    def get_urls(self):
        preview = path(
            "<int:pk>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="causes_cause_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, pk):
        """The public page, for published and unpublished entries alike, for editors only."""
        cause = get_object_or_404(Cause, pk=pk)
        if not self.has_view_or_change_permission(request, cause):
            raise PermissionDenied
        context = {"cause": cause, "is_preview": True, **cause_article_context(cause)}
        return TemplateResponse(request, "causes/cause_detail.html", context)
