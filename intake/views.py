"""
Intake pages for clinic staff: the list, the form, the summary and the emergency
referral page. Every page needs a signed-in user with the intake permissions;
every view of one intake is written to the access log.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import SignInForm
from causes.search import clean_query
from core.redirects import see_other
from intake import fhir, kept_answers
from intake.audit import audit_figures, door_to_referral_chart
from intake.decisive import DecisiveAnswerForm
from intake.export import csv_lines, export_intakes, pseudonym
from intake.forms import AuditPeriodForm, IntakeForm, OutcomeForm, ReferralForm
from intake.log_privacy import CARRIED_ANSWERS_ATTRIBUTE
from intake.models import Intake, IntakeAccess, Reassessment
from intake.services import (
    audit_export_finish,
    audit_export_start,
    decisive_answer_record,
    intake_access_record,
    intake_accesses_record,
    intake_create,
    outcome_record,
    referral_record,
)

INTAKES_PER_PAGE = 25


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
def intake_list(request):
    query = clean_query(request.GET.get("q", ""))
    intakes = Intake.objects.emergencies_awaiting_referral_first().select_related("created_by", "referral_made_by")
    if query:
        intakes = intakes.matching(query)
    page = Paginator(intakes, INTAKES_PER_PAGE).get_page(request.GET.get("page"))
    # Like the admin's list: each intake shown is logged; a search as a search, never with its words.
    logged_as = IntakeAccess.Page.LIST_SEARCH if query else IntakeAccess.Page.LIST
    intake_accesses_record(intakes=page.object_list, user=request.user, page=logged_as)
    return render(
        request,
        "intake/intake_list.html",
        {"page_obj": page, "intakes": page.object_list, "query": query},
    )


def kept_answers_context(reference: str) -> dict:
    """
    What the sign-in page shows of an intake kept through signing in: the reference (never the
    answers) and any emergency, so that the "act now" box stays while the person signs in.
    """
    answers = kept_answers.peek(reference) if reference else None
    if answers is None:
        return {}
    return {
        "kept_reference": reference,
        "kept_reference_field": kept_answers.REFERENCE_FIELD,
        "act_now": IntakeForm(answers).emergency_answers(),
        "session_ended": True,
    }


def session_ended_page(request):
    """
    The sign-in page, for an intake sent after the session ended: the answers are kept on the
    server for the person the form was shown to (`intake.kept_answers`), the page carries only a
    reference to them, and no browser or proxy may store it.
    """
    answers = request.POST.copy()
    for name in ("csrfmiddlewaretoken", kept_answers.FORM_OWNER_FIELD):
        answers.pop(name, None)
    owner_id = kept_answers.form_owner_id(request.POST)
    owner_known = owner_id is not None and get_user_model().objects.filter(pk=owner_id, is_active=True).exists()
    reference = kept_answers.keep(answers=answers, owner_id=owner_id) if owner_known else ""
    context = {
        "form": SignInForm(request),
        "next": reverse("intake:new"),
        "kept_reference": reference,
        "kept_reference_field": kept_answers.REFERENCE_FIELD,
        "act_now": IntakeForm(answers).emergency_answers(),
        "session_ended": True,
    }
    response = render(request, "registration/login.html", context)
    add_never_cache_headers(response)
    return response


def answers_kept_through_sign_in(view):
    """An intake sent after the session ended is answered with the sign-in page (`session_ended_page`)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            return session_ended_page(request)
        return view(request, *args, **kwargs)

    return wrapper


def intake_form_page(request, form: IntakeForm, *, status: int = 200, resumed: bool = False):
    context = {
        "form": form,
        "act_now": form.emergency_answers() if form.is_bound else [],
        "resumed": resumed,
        "form_owner": kept_answers.form_owner_token(request.user),
    }
    return render(request, "intake/intake_form.html", context, status=status)


def intake_form_resumed(request, answers: QueryDict):
    """The intake form, filled in again with the answers kept through signing in, ready to send."""
    return intake_form_page(request, IntakeForm(answers), resumed=True)


def resume_kept_answers(request, reference: str):
    """
    The hook the sign-in view calls once someone has signed in on a page carrying a reference:
    the intake form filled in again for the answers' owner, or None (anyone else, or no answers).
    """
    if not reference or not request.user.has_perm("intake.add_intake"):
        return None
    answers = kept_answers.take(reference, request.user)
    if answers is None:
        return None
    # The request log's redaction reads the answers from here if anything below fails.
    setattr(request, CARRIED_ANSWERS_ATTRIBUTE, answers)
    return intake_form_resumed(request, answers)


@require_http_methods(["GET", "HEAD", "POST"])
@answers_kept_through_sign_in
@login_required
@permission_required("intake.add_intake", raise_exception=True)
def intake_new(request):
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            intake, created = intake_create(
                answers=form.answers(), user=request.user, submission_token=form.cleaned_data["submission_token"]
            )
            if not created:
                messages.info(request, _("This form had already been sent: here is the intake it filed."))
            return see_other(intake.get_referral_url() if intake.is_emergency else intake.get_absolute_url())
        return intake_form_page(request, form, status=400)
    return intake_form_page(request, IntakeForm(initial={"submission_token": uuid.uuid4()}))


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
def intake_detail(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("created_by", "referral_made_by", "outcome__cause"), pk=pk)
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.SUMMARY)
    return render(request, "intake/intake_detail.html", {"intake": intake, "suspected_causes": intake.ranked_causes()})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
def intake_referral(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("created_by", "referral_made_by"), pk=pk)
    if not intake.is_emergency:
        return redirect(intake)
    destinations = intake.referral_places()
    form = ReferralForm(request.POST if request.method == "POST" else None, destinations=destinations)
    if request.method == "POST":
        if not request.user.has_perm("intake.record_referral"):
            raise PermissionDenied
        if form.is_valid():
            referral_record(
                intake=intake,
                user=request.user,
                destination=form.cleaned_data["destination"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The referral has been recorded."))
            return see_other(intake.get_referral_url())
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.REFERRAL)
    return render(
        request,
        "intake/intake_referral.html",
        {"intake": intake, "suspected_causes": intake.ranked_causes(), "form": form, "destinations": destinations},
        status=400 if form.is_bound else 200,
    )


@login_required
@permission_required(("intake.view_intake", "intake.add_intake"), raise_exception=True)
@require_POST
def intake_answer(request, pk):
    """One press on a decisive question: record the answer, triage again, go where the new result belongs."""
    intake = get_object_or_404(Intake, pk=pk)
    form = DecisiveAnswerForm(request.POST, intake=intake)
    reassessment = None
    if form.is_valid():
        intake, reassessment = decisive_answer_record(
            intake_id=intake.pk, user=request.user, field=form.cleaned_data["field"], answer=form.cleaned_data["value"]
        )
    if reassessment is None:
        errors = form.non_field_errors() or [_("That answer could not be recorded: choose one of the answers shown.")]
        for error in errors:
            messages.error(request, error)
    else:
        intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.ANSWER)
        messages.success(request, reassessment_summary(reassessment))
    return see_other(intake.get_referral_url() if intake.is_emergency else intake.get_absolute_url())


def reassessment_summary(reassessment: Reassessment) -> str:
    return _("Re-assessed after ‘%(question)s: %(answer)s’: %(after)s (was %(before)s).") % {
        "question": _(reassessment.question),
        "answer": _(reassessment.answer_label).lower(),
        "after": reassessment.get_disposition_after_display().lower(),
        "before": reassessment.get_disposition_before_display().lower(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
def intake_outcome(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("outcome", "created_by", "referral_made_by"), pk=pk)
    outcome = getattr(intake, "outcome", None)
    form = OutcomeForm(request.POST if request.method == "POST" else None, instance=outcome, intake=intake)
    if request.method == "POST":
        if not request.user.has_perm("intake.add_outcome"):
            raise PermissionDenied
        if form.is_valid():
            outcome_record(intake=intake, user=request.user, **form.outcome_answers())
            messages.success(request, _("The outcome has been recorded."))
            return see_other(intake.get_absolute_url())
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.OUTCOME)
    return render(
        request, "intake/intake_outcome.html", {"intake": intake, "form": form}, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
def intake_fhir(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("created_by"), pk=pk)
    document = fhir.questionnaire_response_document(intake, intake.ranked_causes())
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.FHIR)
    response = HttpResponse(fhir.as_json(document), content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{fhir.file_name(intake, pseudonym(intake.pk))}"'
    return response


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
def fhir_questionnaire(request):
    return HttpResponse(
        fhir.as_json(fhir.questionnaire_document()), content_type="application/fhir+json; charset=utf-8"
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_audit", raise_exception=True)
def audit(request):
    form = AuditPeriodForm(request.GET or None)
    start, end = form.period()
    figures = audit_figures(start, end)
    return render(
        request,
        "intake/audit.html",
        {"form": form, "start": start, "end": end, "chart": door_to_referral_chart(figures["weeks"]), **figures},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def logged_export(intakes, export):
    """The CSV lines; however the stream ends (finished, or the reader gone), the log gets the row count."""
    counted = [0]
    try:
        yield from csv_lines(intakes, counted)
    finally:
        audit_export_finish(export=export, rows=counted[0])


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_audit", raise_exception=True)
def audit_export(request):
    form = AuditPeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a valid period on the audit page."), content_type="text/plain")
    start, end = form.period()
    export = audit_export_start(user=request.user, start=start, end=end)
    if export is None:
        response = render(request, "intake/audit_export_busy.html", status=429)
        response["Retry-After"] = "60"
        return response
    response = StreamingHttpResponse(
        logged_export(export_intakes(start, end), export), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="intake-audit-{start}-to-{end}.csv"'
    return response
