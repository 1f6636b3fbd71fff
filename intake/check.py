"""
"Is my foot drop an emergency?": the public check's questions and rules, in plain words.

The questions follow the triage engine (`intake.triage`): its onset codes, then its red
flags in its own order, then the course and the side. A red flag the engine adds is asked
here as soon as it has plain words below (a test fails until it does). The rules never
give a less urgent answer than the engine on the same answers (a property test proves it).
Nothing is stored: the answers travel in the query string of each page's form.
"""

from collections.abc import Mapping
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from causes.models import EmergencyAction
from intake import triage

YES, NO = "yes", "no"
(WORSENING,) = triage.NEVER_ROUTINE_COURSES
NOT_WORSENING = "stable"
BOTH_LEGS, ONE_LEG = "both", "one"

# Plain words for each red flag: the question, a hint, and the condition as a care card states it.
# Codes the engine does not list yet are kept ready and not asked until it does.
RED_FLAG_WORDS = {
    "stroke_signs": (
        _("Is the face drooping on one side, is an arm weak, is speech slurred, or have you lost balance or sight?"),
        _("These are the signs of a stroke, when they come on suddenly."),
        _("the face droops, an arm is weak, speech is slurred, or balance or sight is suddenly lost"),
    ),
    "bladder_bowel": (
        _("Do you have new trouble controlling your bladder or bowels?"),
        _("For example, you cannot pass urine, you leak, or you cannot feel when you need to go."),
        _("you have new trouble controlling your bladder or bowels"),
    ),
    "saddle_numbness": (
        _("Is the skin around your bottom or genitals numb?"),
        _("For example, you cannot feel the toilet paper when you wipe."),
        _("the skin around your bottom or genitals is numb"),
    ),
    "ascending_weakness": (
        _("Is weakness spreading up both legs, or is it hard to breathe or swallow?"),
        _("For example, it started in the feet and now reaches the knees or thighs."),
        _("weakness is spreading up both legs, or breathing or swallowing is difficult"),
    ),
    "compartment_signs": (
        _("Is your shin very painful, tense and swollen after an injury, or inside a plaster cast?"),
        _("The pain is much worse than you would expect, and worse when the toes are pulled down."),
        _("the shin is very painful, tense and swollen after an injury, or inside a plaster cast"),
    ),
    "spinal_trauma": (
        _("Have you hurt your back or neck?"),
        _("For example, in a fall, a crash or a sports injury."),
        _("you have hurt your back or neck"),
    ),
    "fever_back_pain": (
        _("Do you have back pain and a high temperature (fever)?"),
        _("For example, you feel hot and shivery, or a thermometer reads 38°C or more."),
        _("you have back pain with a fever"),
    ),
    "cancer_back_pain": (
        _("Have you had cancer, and now have new back pain?"),
        _("Say yes even if the cancer was treated years ago."),
        _("you have new back pain and have had cancer"),
    ),
    "recent_leg_injury": (
        _("In the last 3 days, have you had an injury or an operation on your hip, thigh, knee or lower leg?"),
        _("For example, a broken bone, a dislocated knee, a new hip or knee joint, or a plaster cast."),
        _("foot drop started within 3 days of an injury or operation on the hip, thigh, knee or lower leg"),
    ),
    "anticoagulant_pain": (
        _("Do you take blood thinners, and have you had sudden pain in your groin, thigh or back?"),
        _("Blood thinners include warfarin, apixaban, rivaroxaban, edoxaban, dabigatran and heparin injections."),
        _("you take blood thinners and have sudden pain in your groin, thigh or back"),
    ),
}

# The engine's onset codes in plain words: (the answer's label, the condition as a card states it).
ONSET_WORDS = {
    "sudden": (_("Suddenly, over minutes or hours"), _("foot drop came on suddenly, over minutes or hours")),
    "days": (_("Over a few days"), _("foot drop came on over a few days")),
    "gradual": (_("Slowly, over weeks or months"), _("foot drop came on slowly, over weeks or months")),
    "lifelong": (_("I have had it since I was a child"), _("you have had foot drop since you were a child")),
    "unknown": (_("I do not know"), _("you do not know when foot drop started")),
}
# The engine's onset rules: sudden is an emergency; over days, or not known, is never routine.
EMERGENCY_ONSETS = frozenset({"sudden"})
URGENT_ONSETS = frozenset(triage.NEVER_ROUTINE_ONSETS)
# Where an ambulance is the only right answer: a stroke, a spine to keep still, breathing at risk.
CALL_999_FLAGS = frozenset({"stroke_signs", "spinal_trauma", "ascending_weakness"})
WORSENING_CONDITION = _("foot drop is getting worse")
NO_WARNING_SIGN = _("you have foot drop and none of the warning signs this check asked about")

YES_NO = ((YES, _("Yes")), (NO, _("No")))


class Question(NamedTuple):
    field: str  # the triage engine's field name, also the query string's
    text: str
    hint: str
    choices: tuple[tuple[str, str], ...]


class Outcome(NamedTuple):
    kind: str  # "emergency", "urgent" or "non-urgent": the care card shown
    conditions: list[str]
    action: str  # what the emergency card says: EmergencyAction
    stroke: bool


class InvalidAnswers(ValueError):
    """A query string this check did not write: an answer out of its choices."""


def questions() -> list[Question]:
    """Onset first (sudden ends the check at once), then every red flag the engine lists, then the course and side."""
    onset = Question(
        "onset",
        _("How did your foot drop start?"),
        _("Foot drop means you cannot lift the front of your foot properly, so your toes catch or your foot slaps."),
        tuple((code, ONSET_WORDS[code][0]) for code in triage.CHOICES["onset"]),
    )
    red_flags = [Question(code, *RED_FLAG_WORDS[code][:2], YES_NO) for code in triage.RED_FLAGS]
    course = Question(
        "course",
        _("Is your foot drop getting worse?"),
        _("For example, it is harder to lift your foot, or you trip more, than a few days ago."),
        ((WORSENING, _("Yes")), (NOT_WORSENING, _("No"))),
    )
    side = Question(
        "side",
        _("Are both legs affected?"),
        _("Answer yes if both feet drop or both legs are weak, even if one is worse."),
        ((BOTH_LEGS, _("Yes")), (ONE_LEG, _("No"))),
    )
    return [onset, *red_flags, course, side]


def given_once(query: Mapping[str, str], field: str) -> str | None:
    """
    The one value sent for `field`, or None. A field sent twice is refused, not settled by the
    last one: works for a query string or a form body alike (both are QueryDicts).
    """
    values = query.getlist(field) if hasattr(query, "getlist") else [query[field]] if field in query else []
    if len(values) > 1:
        raise InvalidAnswers(field)
    return values[0] if values else None


def read_answers(query: Mapping[str, str]) -> dict[str, str]:
    """The check's answers from a query string; other keys are ignored, a wrong or repeated value is refused."""
    answers = {}
    for question in questions():
        value = given_once(query, question.field)
        if value is None:
            continue
        if value not in dict(question.choices):
            raise InvalidAnswers(question.field)
        answers[question.field] = value
    return answers


def next_question(answers: Mapping[str, str]) -> Question | None:
    """The first question not answered yet, or None once the outcome is known."""
    if outcome(answers).kind == "emergency":
        return None
    return next((question for question in questions() if question.field not in answers), None)


def outcome(answers: Mapping[str, str]) -> Outcome:
    """The public care card for the answers so far: emergency, urgent (GP today or 111) or non-urgent (a GP)."""
    onset = answers.get("onset")
    flags = [code for code in triage.RED_FLAGS if answers.get(code) == YES]
    if onset in EMERGENCY_ONSETS or flags:
        conditions = [ONSET_WORDS[onset][1]] if onset in EMERGENCY_ONSETS else []
        conditions += [RED_FLAG_WORDS[code][2] for code in flags]
        call_999 = onset in EMERGENCY_ONSETS or bool(CALL_999_FLAGS.intersection(flags))
        action = EmergencyAction.CALL_999 if call_999 else EmergencyAction.CALL_999_OR_AE
        stroke = onset in EMERGENCY_ONSETS or "stroke_signs" in flags
        return Outcome("emergency", conditions, action, stroke)
    worsening = answers.get("course") == WORSENING
    if onset not in ONSET_WORDS or onset in URGENT_ONSETS or worsening:
        conditions = [ONSET_WORDS[onset][1]] if onset in URGENT_ONSETS else []
        conditions += [WORSENING_CONDITION] if worsening else []
        return Outcome("urgent", conditions, EmergencyAction.CALL_999_OR_AE, False)
    return Outcome("non-urgent", [ONSET_WORDS[onset][1], NO_WARNING_SIGN], EmergencyAction.CALL_999_OR_AE, False)


def as_triage_answers(answers: Mapping[str, str]) -> dict:
    """The same answers under the triage engine's field names and values; unanswered means "not asked"."""
    engine = {code: answers[code] == YES for code in triage.RED_FLAGS if code in answers}
    if "onset" in answers:
        engine["onset"] = answers["onset"]
    if "course" in answers:
        engine["course"] = answers["course"]
    if "side" in answers:
        engine["side"] = "both" if answers["side"] == BOTH_LEGS else "left"
    return engine
