"""
"Is my foot drop an emergency?": the public check's questions and outcomes, in plain words.

The questions follow the clinic's vocabulary: its onset codes, then its red flags in their own
order, then the course and the side. A red flag the clinic adds is asked here as soon as it has
plain words below (a test fails until it does). The outcome is the triage engine's own
disposition on the same answers, so it is derived from the same rules, never a second copy of
them: each rule that can fire on the check's answers has plain words here (a test walks every
set of answers to prove it). Standard library only; the site translates the words it shows.
"""

from collections.abc import Mapping
from typing import NamedTuple

from clinic.engine import assess
from clinic.pathways import GUILLAIN_BARRE_PATHWAY, SPINAL_INJURY_PATHWAY, STROKE_PATHWAY
from clinic.rules import RULES_BY_NAME
from clinic.vocabulary import (
    CHOICES,
    EMERGENCY,
    NEVER_ROUTINE_COURSES,
    RED_FLAGS,
    ROUTINE,
    URGENT,
    gettext_noop,
)

# Marks a word for translation; the site translates it where it is shown.
_ = gettext_noop

YES, NO = "yes", "no"
(WORSENING,) = NEVER_ROUTINE_COURSES
NOT_WORSENING = "stable"
BOTH_LEGS, ONE_LEG = "both", "one"
# What the emergency card tells the reader to do (the encyclopedia's EmergencyAction codes).
CALL_999, CALL_999_OR_AE = "call_999", "call_999_or_ae"
# The care card for each disposition of the engine.
CARDS = {EMERGENCY: "emergency", URGENT: "urgent", ROUTINE: "non-urgent"}

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

ONSET_WORDS = {
    "sudden": (
        _("Suddenly, over minutes or hours"),
        _("foot drop came on suddenly, over minutes or hours"),
    ),
    "on_waking": (
        _("I woke up with it, or was found with it"),
        _("you woke up with foot drop or were found with it: tell them when you were last known to be well"),
    ),
    "days": (_("Over a few days"), _("foot drop came on over a few days")),
    "gradual": (
        _("Slowly, over weeks or months"),
        _("foot drop came on slowly, over weeks or months"),
    ),
    "lifelong": (
        _("I have had it since I was a child"),
        _("you have had foot drop since you were a child"),
    ),
    "unknown": (_("I do not know"), _("you do not know when foot drop started")),
}

# Where an ambulance is the only right answer: a stroke, a spine to keep still, breathing at risk.
CALL_999_PATHWAYS = frozenset({STROKE_PATHWAY.suspect, SPINAL_INJURY_PATHWAY.suspect, GUILLAIN_BARRE_PATHWAY.suspect})
WORSENING_CONDITION = _("foot drop is getting worse")
NO_WARNING_SIGN = _("you have foot drop and none of the warning signs this check asked about")


def _onset_words(answers: Mapping[str, str]) -> str:
    return ONSET_WORDS[answers["onset"]][1]


# Each engine rule that can fire on the check's answers, as a care card states it.
RULE_WORDS = {
    "sudden_onset_stroke": _onset_words,
    "sudden_onset_after_injury": _onset_words,
    **{f"red_flag_{code}": (lambda _answers, code=code: RED_FLAG_WORDS[code][2]) for code in RED_FLAGS},
    "onset_not_recorded": None,
    "onset_unknown": _onset_words,
    "onset_over_days": _onset_words,
    "worsening": lambda _answers: WORSENING_CONDITION,
}

YES_NO = ((YES, _("Yes")), (NO, _("No")))


class Question(NamedTuple):
    field: str  # the triage engine's field name, also the query string's
    text: str
    hint: str
    choices: tuple[tuple[str, str], ...]


class Outcome(NamedTuple):
    kind: str  # "emergency", "urgent" or "non-urgent": the care card shown
    conditions: list[str]
    action: str  # what the emergency card says: CALL_999 or CALL_999_OR_AE
    stroke: bool


class InvalidAnswers(ValueError):
    """A query string this check did not write: an answer out of its choices."""


def questions() -> list[Question]:
    """Onset first (sudden ends the check at once), then every red flag the engine lists, then the course and side."""
    onset = Question(
        "onset",
        _("How did your foot drop start?"),
        _("Foot drop means you cannot lift the front of your foot properly, so your toes catch or your foot slaps."),
        tuple((code, ONSET_WORDS[code][0]) for code in CHOICES["onset"]),
    )
    red_flags = [Question(code, *RED_FLAG_WORDS[code][:2], YES_NO) for code in RED_FLAGS]
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


def read_answers(query: Mapping[str, str]) -> dict[str, str]:
    """The check's answers from a query string; other keys are ignored, a wrong value is refused."""
    answers = {}
    for question in questions():
        value = query.get(question.field)
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
    """The public care card for the answers so far: the engine's disposition on the same answers, in plain words."""
    assessment = assess(as_triage_answers(answers))
    kind = CARDS[assessment.disposition]
    if kind == "non-urgent":
        onset = [ONSET_WORDS[answers["onset"]][1]] if answers.get("onset") in ONSET_WORDS else []
        return Outcome(kind, [*onset, NO_WARNING_SIGN], CALL_999_OR_AE, False)
    # The conditions are the words of the rules that demand this disposition, each said once.
    conditions = []
    for rule in assessment.rules_fired:
        words = RULE_WORDS.get(rule)
        if words and RULES_BY_NAME[rule].least == assessment.disposition and words(answers) not in conditions:
            conditions.append(words(answers))
    suspects = {suspect for referral in assessment.referrals for suspect in referral.suspect.split("; ")}
    action = CALL_999 if suspects & CALL_999_PATHWAYS else CALL_999_OR_AE
    return Outcome(kind, conditions, action, STROKE_PATHWAY.suspect in suspects)


def as_triage_answers(answers: Mapping[str, str]) -> dict:
    """The same answers under the triage engine's field names and values; unanswered means "not asked"."""
    engine = {code: answers[code] == YES for code in RED_FLAGS if code in answers}
    if "onset" in answers:
        engine["onset"] = answers["onset"]
    if "course" in answers:
        engine["course"] = answers["course"]
    if "side" in answers:
        engine["side"] = "both" if answers["side"] == BOTH_LEGS else "left"
    return engine
