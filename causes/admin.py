"""
Admin for content editors: cause entries with preview and a full history of who changed
what, and the moderation of reader questions.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from causes.models import ARTICLE_FIELDS, QUESTION_STATUS_RANK, Cause, Clue, Question, QuestionStatus, Urgency
from causes.selectors import cause_article_context
from causes.services import question_moderate


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
            "also_known_as",
            "slug",
            "summary",
            "level",
            "onset",
            "usual_side",
            "urgency",
            "prevalence",
            "risk_factors",
            *ARTICLE_FIELDS,
            "care_non_urgent",
            "care_urgent",
            "care_emergency",
            "emergency_action",
            "is_published",
            "written_by",
            "last_reviewed",
            "next_review_due",
            "clinical_reviewer",
            "clinical_reviewer_role",
        ]
        # The summary is shown whole on lists and search results: let editors see all of it.
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

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
        (None, {"fields": ["name", "also_known_as", "slug", "summary", "is_published", "preview_link"]}),
        (
            _("Where, how and how urgent"),
            {
                "fields": [
                    "level",
                    "onset",
                    "usual_side",
                    "urgency",
                    "confirm_not_emergency",
                    "prevalence",
                    "risk_factors",
                ]
            },
        ),
        (
            _("Care cards (shown first on the page, most urgent first)"),
            {"fields": ["care_emergency", "emergency_action", "care_urgent", "care_non_urgent"]},
        ),
        (
            _("Article (Markdown)"),
            {"fields": ARTICLE_FIELDS},
        ),
        (
            _("Article details and clinical review"),
            {
                "fields": [
                    "written_by",
                    "clinical_reviewer",
                    "clinical_reviewer_role",
                    "last_reviewed",
                    "next_review_due",
                    "created",
                    "modified",
                ]
            },
        ),
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


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Questions waiting for a decision come first; approve or reject many at once, reply one by one."""

    list_display = ["question_start", "cause", "author", "status", "created", "has_reply"]
    list_filter = ["status", "cause"]
    list_select_related = ["cause"]
    search_fields = ["text", "author_name", "cause__name"]
    ordering = [QUESTION_STATUS_RANK.asc(), "-created"]
    date_hierarchy = "created"
    actions = ["approve_selected", "reject_selected"]
    fields = [
        "cause",
        "author",
        "created",
        "text",
        "status",
        "moderated_by",
        "moderated_at",
        "reply",
        "replied_by",
    ]
    readonly_fields = ["cause", "author", "created", "text", "moderated_by", "moderated_at", "replied_by"]

    @admin.display(description=_("question"))
    def question_start(self, question):
        return Truncator(question.text).chars(80)

    @admin.display(description=_("asked by"))
    def author(self, question):
        return question.display_name

    @admin.display(description=_("replied"), boolean=True)
    def has_reply(self, question):
        return bool(question.reply)

    def has_add_permission(self, request):
        # Questions come from readers, under the articles.
        return False

    def save_model(self, request, question, form, change):
        if "status" in form.changed_data:
            question.moderate(question.status, by=request.user)
        if "reply" in form.changed_data:
            question.replied_by = request.user if question.reply else None
        super().save_model(request, question, form, change)

    @admin.action(description=_("Approve selected questions"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self.moderate_selected(request, queryset, QuestionStatus.APPROVED)

    @admin.action(description=_("Reject selected questions"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self.moderate_selected(request, queryset, QuestionStatus.REJECTED)

    def moderate_selected(self, request, queryset, status):
        # One save each, so the signal clears the cached pages and the change log says who.
        questions = list(queryset.exclude(status=status))
        for question in questions:
            question_moderate(question=question, status=status, by=request.user)
            self.log_change(request, question, [{"changed": {"fields": ["status"]}}])
        message = {
            QuestionStatus.APPROVED: ngettext(
                "%(count)d question approved.", "%(count)d questions approved.", len(questions)
            ),
            QuestionStatus.REJECTED: ngettext(
                "%(count)d question rejected.", "%(count)d questions rejected.", len(questions)
            ),
        }[status]
        self.message_user(request, message % {"count": len(questions)})
