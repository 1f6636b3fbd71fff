"""
Admin for content editors and clinical reviewers: an editor's change to a cause is saved as its
draft, previewed on the public page, and published only when a clinical reviewer, never its own
editor, approves it; the history shows who changed what and why. Also the moderation of reader
questions.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from causes.diff import ReadableChangeHelper, cause_changes
from causes.models import (
    ARTICLE_FIELDS,
    DRAFT_FIELDS,
    QUESTION_STATUS_RANK,
    SAFETY_FIELDS,
    Cause,
    CauseDraft,
    Clue,
    Question,
    QuestionStatus,
    Urgency,
    normalise_text,
)
from causes.selectors import cause_article_context, last_role_of
from causes.services import (
    SignOffRefused,
    cause_draft_approve,
    cause_draft_discard,
    cause_draft_save,
    draft_changes,
    question_moderate,
)
from clinic.pathways import named_cause_slugs

SIGN_OFF_NOTE = _("Always needs clinical sign-off: readers see a change only after a clinical reviewer approves it.")


class CauseAdminForm(forms.ModelForm):
    """
    An editor's changes to a cause, saved as its draft (causes.services.cause_draft_save). The form
    opens on the open draft, if any; a change needs a short reason, kept in the cause's history.
    """

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
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        required=False,
        help_text=_("A short reason, for the clinical reviewer and the history, e.g. “NICE guidance updated”."),
    )

    class Meta:
        model = Cause
        fields = list(DRAFT_FIELDS)
        # The summary is shown whole on lists and search results: let editors see all of it.
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    # Off on the history's page of an earlier version, which shows that version (saving it makes a draft too).
    opens_draft = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The cause as readers see it now: on the history's version page the instance is an earlier version.
        self.live = Cause.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        draft = CauseDraft.objects.filter(cause=self.live).first() if self.live and self.opens_draft else None
        if draft is not None:
            self.initial.update(draft.changes)
            self.initial["change_reason"] = draft.reason
        for name in SAFETY_FIELDS:
            if name in self.fields:
                field = self.fields[name]
                field.help_text = (
                    format_lazy("{} {}", field.help_text, SIGN_OFF_NOTE) if field.help_text else SIGN_OFF_NOTE
                )

    def clean(self):
        cleaned_data = super().clean()
        was_emergency = self.live is not None and self.live.urgency == Urgency.EMERGENCY
        lowered = cleaned_data.get("urgency") not in (None, Urgency.EMERGENCY)
        if was_emergency and lowered and not cleaned_data.get("confirm_not_emergency"):
            self.add_error(
                "confirm_not_emergency",
                _(
                    "This cause is an emergency. Tick the box to confirm it should no longer be shown as one. "
                    "Emergency routing of intakes is not affected by this field."
                ),
            )
        changed = self.live is None or draft_changes(self.live, cleaned_data)
        if changed and not normalise_text(cleaned_data.get("change_reason", "")):
            self.add_error("change_reason", _("Say in a few words why this changes, for the reviewer and the history."))
        return cleaned_data


class SignOffFilter(admin.SimpleListFilter):
    """Drafts waiting for a clinical reviewer, and causes whose review is due."""

    title = _("clinical sign-off")
    parameter_name = "sign_off"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft awaiting approval")),
            ("review_due", _("Review overdue or due within 30 days")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(draft__isnull=False)
        if self.value() == "review_due":
            return queryset.due_for_review(timezone.localdate())
        return queryset


class ApprovalForm(forms.Form):
    role = forms.CharField(
        label=_("Your role"),
        max_length=200,
        help_text=_("Shown on the page beside your name, e.g. consultant neurologist."),
    )
    version = forms.CharField(widget=forms.HiddenInput)


@admin.register(Cause)
class CauseAdmin(SimpleHistoryAdmin):
    form = CauseAdminForm
    list_display = ["name", "level", "urgency", "is_published", "has_draft", "last_reviewed", "next_review_due"]
    list_filter = [SignOffFilter, "level", "urgency", "is_published", "onset"]
    search_fields = ["name", "slug", "summary"]
    readonly_fields = [
        "created",
        "modified",
        "preview_link",
        "clinical_reviewer",
        "clinical_reviewer_role",
        "last_reviewed",
        "next_review_due",
        "approved_by",
        "approved_at",
    ]
    history_list_display = ["approved_by", "is_published"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "also_known_as", "slug", "summary", "is_published", "change_reason", "preview_link"]},
        ),
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
                "description": _("The reviewer and the review dates are set when a clinical reviewer approves."),
                "fields": [
                    "written_by",
                    "clinical_reviewer",
                    "clinical_reviewer_role",
                    "last_reviewed",
                    "next_review_due",
                    "approved_by",
                    "approved_at",
                    "created",
                    "modified",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(has_open_draft=Exists(CauseDraft.objects.filter(cause=OuterRef("pk"))))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.slug in named_cause_slugs():
            # The triage engine names this cause by its slug (clinic.pathways.named_cause_slugs).
            readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        # Not a class attribute: the history's version view reads that one, and there the slug may be read-only.
        if obj is not None and obj.slug in named_cause_slugs():
            return {}
        return {"slug": ["name"]}

    @admin.display(description=_("draft"), boolean=True)
    def has_draft(self, cause):
        return cause.has_open_draft

    @admin.display(description=_("Preview"))
    def preview_link(self, cause):
        if not cause.pk:
            return _("Save the entry to preview it.")
        url = reverse("admin:causes_cause_preview", args=[cause.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview the draft as readers will see it"))

    def save_model(self, request, obj, form, change):
        """Never the live text: a new cause is saved unpublished, and every change goes into its draft."""
        values = {name: form.cleaned_data[name] for name in DRAFT_FIELDS if name in form.cleaned_data}
        reason = form.cleaned_data["change_reason"]
        if not change:
            obj.is_published = False
            obj._change_reason = reason
            obj.save()
        request.cause_draft = cause_draft_save(cause=obj, values=values, editor=request.user, reason=reason)

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_change(request, obj)

    def response_change(self, request, obj):
        draft = getattr(request, "cause_draft", None)
        if draft is None:
            self.message_user(request, _("Nothing differs from the published text: no draft is kept."))
        else:
            self.message_user(
                request,
                _("Saved as a draft. Readers see it only after a clinical reviewer approves it."),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:causes_cause_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        draft = CauseDraft.objects.filter(cause_id=object_id).select_related("cause", "edited_by").first()
        context = {"draft": draft, **(extra_context or {})}
        if draft is not None:
            context["draft_fields"] = [Cause._meta.get_field(name).verbose_name for name in draft.changes]
            context["may_approve"] = request.user.has_perm("causes.approve_cause")
        return super().change_view(request, object_id, form_url, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.shows_earlier_version = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "shows_earlier_version", False):
            form = type(form.__name__, (form,), {"opens_draft": False, "__module__": form.__module__})
        return form

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChangeHelper(self.model, historical_record)

    def get_urls(self):
        urls = [
            path("<int:pk>/preview/", self.admin_site.admin_view(self.preview_view), name="causes_cause_preview"),
            path("<int:pk>/approve/", self.admin_site.admin_view(self.approve_view), name="causes_cause_approve"),
            path("<int:pk>/discard/", self.admin_site.admin_view(self.discard_view), name="causes_cause_discard"),
        ]
        return [*urls, *super().get_urls()]

    def preview_view(self, request, pk):
        """The public page as the draft would make it (the saved entry when there is none), for staff only."""
        cause = get_object_or_404(Cause, pk=pk)
        if not self.has_view_or_change_permission(request, cause):
            raise PermissionDenied
        draft = CauseDraft.objects.filter(cause=cause).first()
        if draft is not None:
            draft.apply_to(cause)
        context = {"cause": cause, "is_preview": True, "draft": draft, **cause_article_context(cause)}
        response = TemplateResponse(request, "causes/cause_detail.html", context)
        add_never_cache_headers(response)
        return response

    def approve_view(self, request, pk):
        """A clinical reviewer reads the draft's changes and approves them, which publishes them."""
        if not request.user.has_perm("causes.approve_cause"):
            raise PermissionDenied
        draft = get_object_or_404(CauseDraft.objects.select_related("cause", "edited_by"), cause_id=pk)
        form = ApprovalForm(
            request.POST or None, initial={"role": last_role_of(request.user), "version": draft.version}
        )
        if request.method == "POST" and form.is_valid():
            try:
                cause = cause_draft_approve(
                    cause=draft.cause,
                    reviewer=request.user,
                    role=form.cleaned_data["role"],
                    version=form.cleaned_data["version"],
                )
            except SignOffRefused as refusal:
                form.add_error(None, refusal.args[0])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(request, _("Approved and published."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:causes_cause_change", args=[cause.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Approve the draft of %(cause)s") % {"cause": draft.cause},
            "draft": draft,
            "changes": cause_changes(draft.cause, draft.changes),
            "form": form,
            "wrote_it": draft.editors.filter(pk=request.user.pk).exists(),
        }
        return TemplateResponse(request, "admin/causes/cause/approve.html", context, status=400 if form.errors else 200)

    def discard_view(self, request, pk):
        """An editor throws a draft away: the published text stays as it is."""
        draft = get_object_or_404(CauseDraft.objects.select_related("cause"), cause_id=pk)
        if not self.has_change_permission(request, draft.cause):
            raise PermissionDenied
        if request.method == "POST":
            cause_draft_discard(cause=draft.cause)
            self.message_user(request, _("The draft was discarded."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:causes_cause_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Discard the draft of %(cause)s?") % {"cause": draft.cause},
            "draft": draft,
            "changes": cause_changes(draft.cause, draft.changes),
        }
        return TemplateResponse(request, "admin/causes/cause/discard.html", context)


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
