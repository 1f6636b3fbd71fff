"""
Intake pages for clinic staff: the list, the form, the summary and the emergency
referral page. Every page needs a signed-in user with the intake permissions;
every view of one intake is written to the access log.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from causes.search import clean_query
from intake import fhir
from intake.audit import audit_figures, door_to_referral_chart
from intake.export import csv_lines, export_intakes
from intake.forms import AuditPeriodForm, IntakeForm, OutcomeForm, ReferralForm
from intake.models import Intake, IntakeAccess
from intake.services import intake_access_record, intake_create, outcome_record, referral_record

INTAKES_PER_PAGE = 25


def intake_permission_required(permission: str):
    """Anonymous visitors go to the sign-in page; signed-in users without the permission get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def see_other(to, *args, **kwargs):
    """Post/redirect/get with 303 See Other."""
    response = redirect(to, *args, **kwargs)
    response.status_code = 303
    return response


@require_http_methods(["GET", "HEAD"])
@intake_permission_required("intake.view_intake")
def intake_list(request):
    query = clean_query(request.GET.get("q", ""))
    intakes = Intake.objects.emergencies_awaiting_referral_first().select_related("created_by")
    if query:
        intakes = intakes.matching(query)
    page = Paginator(intakes, INTAKES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/intake_list.html",
        {"page_obj": page, "intakes": page.object_list, "query": query},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@intake_permission_required("intake.add_intake")
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
        status = 400
    else:
        form = IntakeForm(initial={"submission_token": uuid.uuid4()})
        status = 200
    return render(request, "intake/intake_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD"])
@intake_permission_required("intake.view_intake")
def intake_detail(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("created_by", "referral_made_by", "outcome__cause"), pk=pk)
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.SUMMARY)
    return render(request, "intake/intake_detail.html", {"intake": intake, "suspected_causes": intake.ranked_causes()})


@require_http_methods(["GET", "HEAD", "POST"])
@intake_permission_required("intake.view_intake")
def intake_referral(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("created_by", "referral_made_by"), pk=pk)
    if not intake.is_emergency:
        return redirect(intake)
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not request.user.has_perm("intake.record_referral"):
            raise PermissionDenied
        if form.is_valid():
            referral_record(intake=intake, user=request.user, **form.cleaned_data)
            messages.success(request, _("The referral has been recorded."))
            return see_other(intake.get_referral_url())
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.REFERRAL)
    return render(
        request,
        "intake/intake_referral.html",
        {"intake": intake, "suspected_causes": intake.ranked_causes(), "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@intake_permission_required("intake.view_intake")
def intake_outcome(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("outcome"), pk=pk)
    outcome = getattr(intake, "outcome", None)
    form = OutcomeForm(request.POST if request.method == "POST" else None, instance=outcome, intake=intake)
    if request.method == "POST":
        if not request.user.has_perm("intake.add_outcome"):
            raise PermissionDenied
        if form.is_valid():
            outcome_record(intake=intake, user=request.user, **form.outcome_answers())
            messages.success(request, _("The outcome has been recorded."))
            return see_other(intake.get_absolute_url())
    return render(
        request, "intake/intake_outcome.html", {"intake": intake, "form": form}, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET", "HEAD"])
@intake_permission_required("intake.view_intake")
def intake_fhir(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("created_by"), pk=pk)
    document = fhir.questionnaire_response_document(intake, intake.ranked_causes())
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.FHIR)
    response = HttpResponse(fhir.as_json(document), content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intake-{intake.pk}.json"'
    return response


@require_http_methods(["GET", "HEAD"])
@intake_permission_required("intake.view_intake")
def fhir_questionnaire(request):
    return HttpResponse(
        fhir.as_json(fhir.questionnaire_document()), content_type="application/fhir+json; charset=utf-8"
    )


@require_http_methods(["GET", "HEAD"])
@intake_permission_required("intake.view_audit")
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


@require_http_methods(["GET", "HEAD"])
@intake_permission_required("intake.view_audit")
def audit_export(request):
    form = AuditPeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a valid period on the audit page."), content_type="text/plain")
    start, end = form.period()
    response = StreamingHttpResponse(csv_lines(export_intakes(start, end)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intake-audit-{start}-to-{end}.csv"'
    return response
