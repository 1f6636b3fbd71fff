"""Public encyclopedia pages: home, the list of causes (with search), one cause and its reader questions."""

import hashlib
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from causes.cache import public_page
from causes.forms import QuestionForm
from causes.markdown import render_markdown
from causes.models import SECTIONS, Cause, Level, Question, Urgency
from causes.search import CountedResults, clean_query, closest_causes, search_causes
from causes.tasks import notify_moderators_of_question
from footdrop_site.client_address import client_address

LEVEL_ORDER = {level: position for position, level in enumerate(Level.values)}

# The newest approved questions shown under an article; older ones stay in the admin.
QUESTIONS_SHOWN = 20
QUESTIONS_PER_HOUR = 5
# Search pages up to this one are read with their count in one query; any other is read the usual way.
MAX_COUNTED_PAGE = 1000


@method_decorator(public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "causes/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["emergency_causes"] = Cause.objects.published().filter(urgency=Urgency.EMERGENCY).only("name", "slug")
        context["levels"] = Level.choices
        return context


@method_decorator(public_page, name="dispatch")
class CauseListView(ListView):
    """All published causes grouped by level from brain to muscle, or the results of a search."""

    template_name = "causes/cause_list.html"
    context_object_name = "causes"
    paginate_by = 50

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        causes = Cause.objects.published().only(
            "name", "slug", "summary", "level", "urgency", "prevalence", "also_known_as"
        )
        if self.query:
            return search_causes(causes, self.query)
        return sorted(causes, key=lambda cause: (LEVEL_ORDER[cause.level], cause.name))

    def paginate_queryset(self, queryset, page_size):
        page = self.request.GET.get(self.page_kwarg, "1")
        if self.query:
            counted = page.isdecimal() and 1 <= int(page) <= MAX_COUNTED_PAGE
            queryset = CountedResults(queryset, page_number=int(page) if counted else None, page_size=page_size)
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["searching"] = "q" in self.request.GET
        if self.query:
            context["more_than_counted"] = context["paginator"].object_list.more_than_counted
        if self.query and not context["causes"]:
            context["closest_causes"] = closest_causes(Cause.objects.published(), self.query)
        return context


@method_decorator(public_page, name="dispatch")
class CauseDetailView(DetailView):
    template_name = "causes/cause_detail.html"
    context_object_name = "cause"

    def get_queryset(self):
        return Cause.objects.published()

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **cause_article_context(self.object),
            "question_form": QuestionForm(),
        }


def cause_article_context(cause: Cause) -> dict:
    """What a cause page shows besides the cause itself; shared with the admin's preview."""
    latest_edit = cause.history.filter(history_user__isnull=False).select_related("history_user").first()
    return {
        "sections": [
            (field, heading, render_markdown(getattr(cause, field)))
            for field, heading in SECTIONS
            if getattr(cause, field)
        ],
        "references": render_markdown(cause.references),
        "edited_by": latest_edit.history_user if latest_edit else None,
        "related_causes": Cause.objects.published()
        .filter(level=cause.level)
        .exclude(pk=cause.pk)
        .only("name", "slug")[:6],
        # One query however many there are; one extra row says whether older ones were left off.
        "questions": list(cause.questions.approved()[: QUESTIONS_SHOWN + 1]),
        "questions_shown": QUESTIONS_SHOWN,
    }


# Exempt from CSRF because the form sits on a page cached whole for every anonymous
# reader, which cannot carry a per-visitor token. That is safe here: the view acts with
# no session authority (it never looks at who is signed in), anyone may post anyway,
# and every question is held for moderation. A honeypot and a per-address rate limit
# keep bots and floods out, and a POST from another site's page is refused by its Origin.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def ask_question(request, slug):
    """A reader's question under an article: held for moderation, then back to the article (303)."""
    if request.method != "POST":
        return redirect(reverse("causes:detail", kwargs={"slug": slug}) + "#discussion")
    if not is_same_origin(request):
        raise PermissionDenied
    cause = get_object_or_404(Cause.objects.published(), slug=slug)
    form = QuestionForm(request.POST)
    if form.is_bot():
        return thank_reader(request, cause)
    if not form.is_valid():
        return render_question_form(request, cause, form, status=400)
    if not take_question_allowance(client_address(request)):
        form.add_error(None, gettext("You have asked several questions in the last hour. Please try again later."))
        return render_question_form(request, cause, form, status=429)
    hold_for_moderation(form, cause=cause)
    return thank_reader(request, cause)


def is_same_origin(request) -> bool:
    """False only when the browser says the form was sent from another site's page."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin in {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def take_question_allowance(address: str) -> bool:
    """Count one question against the address; False once it has used up this hour's allowance."""
    key = "questions:asked-from:" + hashlib.sha256(address.encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        asked = cache.incr(key)
    except ValueError:  # The hour ran out between add() and incr().
        cache.add(key, 1, timeout=3600)
        asked = 1
    return asked <= QUESTIONS_PER_HOUR


def hold_for_moderation(form: QuestionForm, *, cause: Cause) -> Question:
    with transaction.atomic():
        question = form.save(commit=False)
        question.cause = cause
        question.save()
        transaction.on_commit(partial(notify_moderators_of_question.enqueue, question.pk))
    return question


def thank_reader(request, cause: Cause):
    messages.success(request, gettext("Thank you, a moderator will review your question before it appears."))
    return redirect_see_other(cause.get_absolute_url())


def redirect_see_other(url: str):
    response = redirect(url)
    response.status_code = 303
    return response


def render_question_form(request, cause: Cause, form: QuestionForm, *, status: int):
    """The article again, uncached, with the reader's question and what to fix."""
    context = {"cause": cause, **cause_article_context(cause), "question_form": form}
    return TemplateResponse(request, "causes/cause_detail.html", context, status=status)
