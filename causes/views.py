"""
Public encyclopedia pages: home, the list of causes (with search), one cause with its
reader questions, and the form to ask one.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from causes.cache import public_page
from causes.emergency_words import red_flags_in
from causes.forms import QuestionForm
from causes.models import Cause, Level
from causes.search import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, CountedResults, bounded_query, closest_causes, plain_words
from causes.selectors import a_to_z_causes, cause_article_context, emergency_causes, listed_causes
from causes.services import QuestionAllowanceSpent, question_create
from core.client_address import client_address
from core.redirects import see_other

CAUSES_PER_PAGE = 50
# A query that at least this share of the causes match ("my foot slaps when I walk") describes
# foot drop itself: the page says so instead of "18 causes match" and leads to the check.
SHARED_SYMPTOM_SHARE = 0.75
# Fewer causes than this, and "most of them" says nothing.
SHARED_SYMPTOM_MIN_CAUSES = 4
# Search pages up to this one are read with their count in one query; any other is read the usual way.
MAX_COUNTED_PAGE = 1000
# A search with no match lists every cause from A to Z while there are no more than this
# many; past it, the page links to the list instead of growing with the encyclopedia.
MOST_CAUSES_FROM_A_TO_Z = 200


@require_safe
@public_page
def home(request):
    return render(request, "causes/home.html", {"emergency_causes": emergency_causes(), "levels": Level.choices})


@require_safe
@public_page
def cause_list(request):
    """All published causes grouped by level from brain to muscle, or the results of a search."""
    query, query_shortened = bounded_query(request.GET.get("q", ""))
    causes = listed_causes(query)
    page_number = request.GET.get("page", "1")
    if query:
        counted = page_number.isdecimal() and 1 <= int(page_number) <= MAX_COUNTED_PAGE
        causes = CountedResults(causes, page_number=int(page_number) if counted else None, page_size=CAUSES_PER_PAGE)
    page = Paginator(causes, CAUSES_PER_PAGE).get_page(page_number)
    # The names a ListView gives its template.
    context = {
        "causes": page.object_list,
        "object_list": page.object_list,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "query": query,
        "searching": "q" in request.GET,
        "query_shortened": query_shortened,
        "most_query_words": MAX_QUERY_WORDS,
        "most_query_characters": MAX_QUERY_LENGTH,
    }
    if query:
        context["more_than_counted"] = page.paginator.object_list.more_than_counted
        context.update(search_warnings(query, page))
    if query and not page.object_list:
        # Never a dead end: the closest names, and every cause from A to Z while they are few.
        context["closest_causes"] = closest_causes(Cause.objects.published(), query)
        context["a_to_z_causes"] = a_to_z_causes(most=MOST_CAUSES_FROM_A_TO_Z)
    return render(request, "causes/cause_list.html", context)


def search_warnings(query: str, page) -> dict:
    """
    What a results page says before its results: the emergency banner (the query names a red
    flag, or an emergency cause ranks in the first three), and whether the query fits most causes.
    """
    red_flags = red_flags_in(query)
    first_three = list(page.object_list[:3]) if page.number == 1 else []
    emergencies_ranked = [cause for cause in first_three if cause.is_emergency]
    # The number of every published cause, to compare with the matches (which the ranked query counts).
    published = Cause.objects.published().aggregate(causes=Count("pk"))["causes"] if page.object_list else 0
    # "stroke" or "peroneal" are named by the first result, however many bodies mention them.
    shared = published >= SHARED_SYMPTOM_MIN_CAUSES and page.paginator.count >= published * SHARED_SYMPTOM_SHARE
    return {
        "red_flags": red_flags,
        "emergencies_ranked": emergencies_ranked,
        "emergency_banner": bool(red_flags or emergencies_ranked),
        "banner_call_999_only": any(flag.call_999 for flag in red_flags),
        "published_count": published,
        "shared_symptom": shared and not (first_three and names_the_cause(query, first_three[0])),
    }


def names_the_cause(query: str, cause: Cause) -> bool:
    """Whether a word of the query (three letters or more) is a word of the cause's name or other names."""
    names = set(plain_words(f"{cause.name} {cause.also_known_as}"))
    return any(word in names for word in plain_words(query) if len(word) >= 3)


@require_safe
@public_page
def cause_detail(request, slug):
    cause = get_object_or_404(Cause.objects.published(), slug=slug)
    return render(request, "causes/cause_detail.html", {"cause": cause, **cause_article_context(cause)})


# Never cached: the form carries the reader's own CSRF token.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ask_question(request, slug):
    """A reader's question under an article: held for moderation, then back to the article (303)."""
    cause = get_object_or_404(Cause.objects.published(), slug=slug)
    if request.method != "POST":
        return render(request, "causes/question_form.html", {"cause": cause, "question_form": QuestionForm()})
    form = QuestionForm(request.POST)
    if form.is_bot():
        return thank_reader(request, cause)
    status = 400
    if form.is_valid():
        try:
            question_create(
                cause=cause,
                author_name=form.cleaned_data["author_name"],
                is_anonymous=form.cleaned_data["is_anonymous"],
                text=form.cleaned_data["text"],
                ip=client_address(request),
            )
        except QuestionAllowanceSpent:
            form.add_error(None, gettext("You have asked several questions in the last hour. Please try again later."))
            status = 429
        else:
            return thank_reader(request, cause)
    return render(request, "causes/question_form.html", {"cause": cause, "question_form": form}, status=status)


def thank_reader(request, cause: Cause):
    messages.success(request, gettext("Thank you, a moderator will review your question before it appears."))
    return see_other(cause.get_absolute_url())
