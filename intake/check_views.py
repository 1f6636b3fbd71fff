"""
The public "Is my foot drop an emergency?" check: one question per page, no JavaScript,
nothing stored. Each page is a GET form that carries the earlier answers in hidden fields,
so there is no session, no cookie and no database row.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from intake import check


@require_safe
def check_start(request):
    return render(request, "intake/check/start.html")


# Not cached anywhere: the page says what one reader answered about their health.
@require_safe
@never_cache
def check_question(request):
    """The next question, or the outcome once the answers decide it."""
    try:
        answers = check.read_answers(request.GET)
    except check.InvalidAnswers:
        return render(request, "intake/check/invalid.html", status=400)
    question = check.next_question(answers)
    context = {"answers": answers, "back_url": back_url(answers)}
    if question is None:
        return render(request, "intake/check/outcome.html", {**context, "outcome": check.outcome(answers)})
    position = [item.field for item in check.questions()].index(question.field) + 1
    context.update(question=question, position=position, total=len(check.questions()))
    return render(request, "intake/check/question.html", context)


def back_url(answers: dict[str, str]) -> str:
    """The page before: the same answers without the last one given, or the start page."""
    if not answers:
        return reverse("check:start")
    earlier = dict(list(answers.items())[:-1])
    return reverse("check:question") + ("?" + urlencode(earlier) if earlier else "")
