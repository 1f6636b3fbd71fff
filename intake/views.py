"""
Intake pages for clinic staff: the list, the form, the summary and the emergency
referral page. Every page needs a signed-in user with the intake permissions;
every view of one intake is written to the access log.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from causes.search import clean_query
from footdrop_site.redirects import see_other
from intake.forms import IntakeForm, ReferralForm
from intake.models import Intake, IntakeAccess
from intake.services import intake_access_record, intake_create, referral_record

INTAKES_PER_PAGE = 25


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
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
        status = 400
    else:
        form = IntakeForm(initial={"submission_token": uuid.uuid4()})
        status = 200
    return render(request, "intake/intake_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
def intake_detail(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("created_by", "referral_made_by"), pk=pk)
    intake_access_record(intake=intake, user=request.user, page=IntakeAccess.Page.SUMMARY)
    return render(request, "intake/intake_detail.html", {"intake": intake, "suspected_causes": intake.ranked_causes()})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_required("intake.view_intake", raise_exception=True)
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
