"""
The public "Is my foot drop an emergency?" check: one question per page, no JavaScript,
nothing stored. Each page is a POST form (with Django's CSRF token) that carries the earlier
answers in hidden fields: the answers never sit in the address, so they stay out of the
browser history of a shared phone, and no page of answers is cached (`no-store`). There is
no session and no database row; the only cookie is Django's CSRF token, set on the first
question before any answer, which holds no answer (see the README).

The outcome page leads with what to do and why ("Call 999 now: foot drop that comes on
suddenly can be a stroke."), with a time frame, how to get there, and a "You said" recap
whose Change buttons go back to that question. The check (`intake.check`) decides; this
module only words its outcome.
"""

from typing import NamedTuple

from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from causes.models import EmergencyAction
from intake import check

# The buttons that go back instead of answering: the name of the button, and its value.
BACK, CHANGE = "back", "change"
# Where the nearest A&E is found (the NHS service finder), for a reader who must go there.
FIND_A_AND_E = "https://www.nhs.uk/service-search/find-an-accident-and-emergency-service"

# Why an emergency answer is an emergency, in the reader's words, by the answer that says so
# (the onset's code, or a red flag's field). The first answer given, in question order, that
# has words here explains the outcome; an emergency with none gets GENERAL_EMERGENCY_WHY.
EMERGENCY_WHY = {
    "sudden": _("foot drop that comes on suddenly can be a stroke."),
    "on_waking": _("foot drop you wake up with can be a stroke."),
    "stroke_signs": _("a drooping face, a weak arm or slurred speech can be a stroke."),
    "bladder_bowel": _("new bladder or bowel trouble can mean the nerves at the bottom of the spine are squashed."),
    "saddle_numbness": _("numbness around the bottom can mean the nerves at the bottom of the spine are squashed."),
    "ascending_weakness": _("weakness spreading up the legs can affect breathing within hours."),
    "compartment_signs": _("a tense, painful, swollen leg can mean pressure is building up in the muscles."),
    "spinal_trauma": _("foot drop after an injury to the back or neck can mean the spinal cord is hurt."),
    "fever_back_pain": _("back pain with a fever can be an infection pressing on the spinal cord."),
    "cancer_back_pain": _("new back pain after cancer can mean something is pressing on the spinal cord."),
    "recent_leg_injury": _("foot drop soon after an injury or operation can mean a nerve or blood vessel is hurt."),
    "anticoagulant_pain": _("sudden pain on blood thinners can be bleeding that presses on the nerves of the leg."),
}
STROKE_ANSWERS = frozenset({"sudden", "on_waking", "stroke_signs"})
GENERAL_EMERGENCY_WHY = _("what you told us can be a sign of damage to the brain, spine or nerves.")
# Why an urgent answer needs a doctor today, by the onset's code or a worsening course.
URGENT_WHY = {
    "days": _("foot drop that comes on over a few days needs a doctor within 24 hours."),
    "unknown": _("new foot drop that started at a time you cannot say needs a doctor within 24 hours."),
    check.WORSENING: _("foot drop that is getting worse needs a doctor within 24 hours."),
}
GENERAL_URGENT_WHY = _("what you told us means you should see a doctor within 24 hours.")


class Advice(NamedTuple):
    """What the outcome page says first: the action and its time frame, then why."""

    action: str
    why: str


class Recap(NamedTuple):
    """One line of "You said": the question, the answer given, and the field its Change button reopens."""

    field: str
    question: str
    answer: str


@require_safe
def check_start(request):
    return render(request, "intake/check/start.html")


# Not cached anywhere: the page says what one reader answered about their health.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def check_question(request):
    """
    GET: the first question; answers are never read from the address. POST: the next
    question, or the outcome once the answers decide it; Back and Change go back a step.
    """
    if request.method != "POST":
        return render_question(request, {})
    try:
        answers = check.read_answers(request.POST)
        answers = answers_after_going_back(answers, request.POST)
    except check.InvalidAnswers:
        return render(request, "intake/check/invalid.html", status=400)
    if check.next_question(answers) is None:
        return render_outcome(request, answers)
    return render_question(request, answers)


def answers_after_going_back(answers: dict[str, str], form: QueryDict) -> dict[str, str]:
    """
    The answers with the last one taken back (Back), or with a chosen one and every later one
    taken back (Change: the later questions may depend on it); unchanged otherwise.
    """
    fields = list(answers)  # in question order: the check asks them in that order
    if BACK in form:
        return dict(list(answers.items())[:-1])
    if CHANGE in form:
        if form[CHANGE] not in fields:
            raise check.InvalidAnswers(CHANGE)
        return dict(list(answers.items())[: fields.index(form[CHANGE])])
    return answers


def render_question(request, answers: dict[str, str]):
    question = check.next_question(answers)
    fields = [item.field for item in check.questions()]
    context = {
        "answers": answers,
        "question": question,
        "position": fields.index(question.field) + 1,
        "total": len(fields),
    }
    return render(request, "intake/check/question.html", context)


def render_outcome(request, answers: dict[str, str]):
    outcome = check.outcome(answers)
    context = {
        "answers": answers,
        "outcome": outcome,
        "advice": advice(outcome, answers),
        "recap": recap(answers),
        "call_999_only": outcome.action == EmergencyAction.CALL_999,
        "find_a_and_e": FIND_A_AND_E,
    }
    return render(request, "intake/check/outcome.html", context)


def advice(outcome: check.CheckOutcome, answers: dict[str, str]) -> Advice:
    """The outcome's first heading: what to do and how soon, then why, never a condition ("if")."""
    given = [answers.get("onset"), *(field for field, value in answers.items() if value == check.YES)]
    if outcome.kind == "emergency":
        action = _("Call 999 now:") if outcome.action == EmergencyAction.CALL_999 else _("Go to A&E now:")
        # A stroke is named only when the check itself says stroke.
        given = [code for code in given if outcome.stroke or code not in STROKE_ANSWERS]
        return Advice(action, first_reason(EMERGENCY_WHY, given, GENERAL_EMERGENCY_WHY))
    if outcome.kind == "urgent":
        given.append(answers.get("course"))
        return Advice(_("Get help today:"), first_reason(URGENT_WHY, given, GENERAL_URGENT_WHY))
    return Advice(
        _("See a GP in the next 2 weeks:"),
        _("foot drop needs a doctor to find its cause, but nothing you told us needs help today."),
    )


def first_reason(reasons: dict, given: list, general: str) -> str:
    return next((reasons[code] for code in given if code in reasons), general)


def recap(answers: dict[str, str]) -> list[Recap]:
    """ "You said": each question answered, in the order asked, with the words of the answer chosen."""
    lines = []
    for question in check.questions():
        if question.field in answers:
            label = dict(question.choices)[answers[question.field]]
            lines.append(Recap(question.field, question.text, label))
    return lines
