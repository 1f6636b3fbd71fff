"""
"Is my foot drop an emergency?": the public check's questions and outcomes, in plain words.

The questions follow the clinic's vocabulary: its onset codes, then its red flags in their own
order, then the course and the side. A red flag the clinic adds is asked here as soon as it has
plain words below (a test fails until it does). The outcome is the triage engine's own
disposition on the same answers, so it is derived from the same rules, never a second copy of
them: each rule that can fire on the check's answers has plain words here (a test walks every
set of answers to prove it). Standard library only; the site translates the words it shows.
"""

import datetime
from collections.abc import Mapping
from typing import NamedTuple

from clinic.engine import assess_as_given
from clinic.pathways import STROKE_PATHWAY
from clinic.rules import RULES_BY_NAME
from clinic.vocabulary import (
    CHOICES,
    EMERGENCY,
    NEVER_ROUTINE_COURSES,
    RED_FLAGS,
    ROUTINE,
    SUDDEN_ONSETS,
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
        _(
            "Is your leg (shin, calf, thigh or buttock) very painful, tense and swollen after an injury, inside a "
            "plaster cast, or after lying on it for a long time?"
        ),
        _(
            "For example, after a fall or a broken bone, or after lying in one position for hours after drink, drugs "
            "or an operation. The pain is much worse than you would expect, and worse when the toes are moved."
        ),
        _(
            "the leg (shin, calf, thigh or buttock) is very painful, tense and swollen after an injury, inside a "
            "plaster cast, or after lying on it for a long time"
        ),
    ),
    "spinal_trauma": (
        _("In the last few days, have you had a fall, crash or blow to your back or neck?"),
        _(
            "For example, a fall from a height or down stairs, a road accident or a hard tackle. A strained back from "
            "lifting does not count."
        ),
        _("you had a fall, crash or blow to your back or neck in the last few days"),
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
        _(
            "In the last 3 days, have you had an injury or an operation on your buttock, hip, thigh, knee or lower "
            "leg, or lain on the leg for a long time?"
        ),
        _(
            "For example, a broken bone, a dislocated knee, a new hip or knee joint, a plaster cast, or lying on the "
            "floor or in one position for hours after drink, drugs or an operation."
        ),
        _("foot drop started within 3 days of an injury or operation on the leg, or of lying on it for a long time"),
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

# When a sudden or on-waking onset began (rule 12): each answer's words, and the hours ago the engine is
# given for it (the start of the range that is least urgent, so the check is never less urgent than the engine).
WHEN = "onset_when"
WHEN_WORDS = {
    "last_24_hours": (_("In the last 24 hours"), 0),
    "1_to_7_days": (_("1 to 7 days ago"), 7 * 24 - 1),
    "over_a_week": (_("More than a week ago"), 7 * 24 + 1),
}
SPINAL_PROCEDURE = "spinal_procedure"
IMPROVING = "improving"
# Rules whose pathway only an ambulance serves: a stroke within the 999 clock, a spine to keep still, breathing.
CALL_999_RULES = frozenset(
    {
        "sudden_onset_stroke",
        "central_signs_within_24_hours",
        "unknown_onset_central_signs",
        "red_flag_stroke_signs",
        "red_flag_spinal_trauma",
        "red_flag_ascending_weakness",
    }
)
WORSENING_CONDITION = _("foot drop is getting worse")
NO_WARNING_SIGN = _("you have foot drop and none of the warning signs this check asked about")


def _onset_words(answers: Mapping[str, str]) -> str:
    return ONSET_WORDS[answers["onset"]][1]


def _words(text: str):
    return lambda _answers: text


# Each engine rule that can fire on the check's answers, as a care card states it (a test walks every
# set of answers to prove that each rule deciding an outcome has words here).
RULE_WORDS = {
    "sudden_onset_stroke": _onset_words,
    "sudden_onset_after_injury": _onset_words,
    "sudden_onset_days_ago": _words(_("foot drop came on suddenly in the last week")),
    "sudden_onset_over_a_week_ago": _words(
        _("foot drop came on suddenly more than a week ago and is not getting worse")
    ),
    "central_signs_within_24_hours": _words(RED_FLAG_WORDS["stroke_signs"][2]),
    "unknown_onset_central_signs": _words(RED_FLAG_WORDS["stroke_signs"][2]),
    **{f"red_flag_{code}": _words(RED_FLAG_WORDS[code][2]) for code in RED_FLAGS},
    "both_legs_new": _words(_("both legs are affected, it started recently, and it is not getting better")),
    "spinal_procedure_emergency": _words(
        _("you had an epidural, spinal anaesthetic or back operation in the last 6 weeks, with another warning sign")
    ),
    "spinal_procedure_urgent": _words(
        _("you had an epidural, spinal anaesthetic or back operation in the last 6 weeks")
    ),
    "onset_not_recorded": None,
    "onset_unknown": _onset_words,
    "onset_over_days": _onset_words,
    "worsening": _words(WORSENING_CONDITION),
}

YES_NO = ((YES, _("Yes")), (NO, _("No")))


class CheckQuestion(NamedTuple):
    field: str  # the triage engine's field name, also the query string's
    text: str
    hint: str
    choices: tuple[tuple[str, str], ...]


class CheckOutcome(NamedTuple):
    kind: str  # "emergency", "urgent" or "non-urgent": the care card shown
    conditions: list[str]
    action: str  # what the emergency card says: CALL_999 or CALL_999_OR_AE
    stroke: bool


class InvalidAnswers(ValueError):
    """A query string this check did not write: an answer out of its choices."""


def questions() -> list[CheckQuestion]:
    """Every question, in order: the onset and, when sudden, when; the red flags; a spinal procedure; course; side."""
    onset = CheckQuestion(
        "onset",
        _("How did your foot drop start?"),
        _("Foot drop means you cannot lift the front of your foot properly, so your toes catch or your foot slaps."),
        tuple((code, ONSET_WORDS[code][0]) for code in CHOICES["onset"]),
    )
    when = CheckQuestion(
        WHEN,
        _("When did it start?"),
        _("If you woke up with it, count from when you went to sleep, or when you were last known to be well."),
        tuple((code, words) for code, (words, _hours) in WHEN_WORDS.items()),
    )
    red_flags = [CheckQuestion(code, *RED_FLAG_WORDS[code][:2], YES_NO) for code in RED_FLAGS]
    procedure = CheckQuestion(
        SPINAL_PROCEDURE,
        _("In the last 6 weeks, have you had an epidural, a spinal anaesthetic or a back operation?"),
        _("An epidural in labour counts too, and so does a lumbar puncture or an injection into the spine."),
        YES_NO,
    )
    course = CheckQuestion(
        "course",
        _("Over the last days or weeks, is your foot drop getting worse, staying the same or getting better?"),
        _("For example, it is harder to lift your foot, or you trip more, than a few days ago."),
        ((WORSENING, _("Getting worse")), (NOT_WORSENING, _("Staying the same")), (IMPROVING, _("Getting better"))),
    )
    side = CheckQuestion(
        "side",
        _("Are both legs affected?"),
        _("Answer yes if both feet drop or both legs are weak, even if one is worse."),
        ((BOTH_LEGS, _("Yes")), (ONE_LEG, _("No"))),
    )
    return [onset, when, *red_flags, procedure, course, side]


def _asked(question: CheckQuestion, answers: Mapping[str, str]) -> bool:
    """Whether the question is asked: when it started is asked only of a sudden or on-waking onset."""
    return question.field != WHEN or answers.get("onset") in SUDDEN_ONSETS


def given_once(query: Mapping[str, str], field: str) -> str | None:
    """
    The one value sent for `field`, or None. A field sent twice is refused, not settled by the
    last one: works for a form body or a query string (anything with `getlist`) and a plain mapping.
    """
    values = query.getlist(field) if hasattr(query, "getlist") else [query[field]] if field in query else []
    if len(values) > 1:
        raise InvalidAnswers(field)
    return values[0] if values else None


def read_answers(query: Mapping[str, str]) -> dict[str, str]:
    """The check's answers from the form; other keys are ignored, a wrong or repeated value is refused."""
    answers = {}
    for question in questions():
        value = given_once(query, question.field)
        if value is None:
            continue
        if value not in dict(question.choices):
            raise InvalidAnswers(question.field)
        answers[question.field] = value
    return answers


def next_question(answers: Mapping[str, str], now: datetime.datetime | None = None) -> CheckQuestion | None:
    """The first question not answered yet, or None once the outcome is known.

    A sudden or on-waking onset is asked when it began before anything else decides, and when that was more
    than a week ago, whether it is getting better (rule 12).
    """
    pending = [question for question in questions() if _asked(question, answers) and question.field not in answers]
    if pending and pending[0].field == WHEN:
        return pending[0]
    # More than a week ago, only the course tells whether it has settled: ask it before deciding.
    settling = [question for question in pending if question.field == "course"]
    if answers.get(WHEN) == "over_a_week" and answers.get("onset") in SUDDEN_ONSETS and settling:
        return settling[0]
    if outcome(answers, now).kind == "emergency":
        return None
    return pending[0] if pending else None


def outcome(answers: Mapping[str, str], now: datetime.datetime | None = None) -> CheckOutcome:
    """The public care card for the answers so far: the engine's disposition on the same answers, in plain words."""
    now = now or datetime.datetime.now(datetime.UTC)
    assessment = assess_as_given(as_triage_answers(answers, now), now=now)
    kind = CARDS[assessment.disposition]
    if kind == "non-urgent":
        onset = [ONSET_WORDS[answers["onset"]][1]] if answers.get("onset") in ONSET_WORDS else []
        return CheckOutcome(kind, [*onset, NO_WARNING_SIGN], CALL_999_OR_AE, False)
    # The conditions are the words of the rules that demand this disposition, each said once.
    conditions = []
    for rule in assessment.rules_fired:
        words = RULE_WORDS.get(rule)
        if words and RULES_BY_NAME[rule].least == assessment.disposition and words(answers) not in conditions:
            conditions.append(words(answers))
    call_999 = bool(CALL_999_RULES.intersection(assessment.rules_fired))
    stroke = any(referral.suspect.split("; ").count(STROKE_PATHWAY.suspect) for referral in assessment.referrals)
    return CheckOutcome(kind, conditions, CALL_999 if call_999 else CALL_999_OR_AE, stroke)


def as_triage_answers(answers: Mapping[str, str], now: datetime.datetime | None = None) -> dict:
    """The same answers under the triage engine's field names and values; unanswered means "not asked"."""
    engine: dict = {code: answers[code] == YES for code in RED_FLAGS if code in answers}
    if SPINAL_PROCEDURE in answers:
        engine[SPINAL_PROCEDURE] = answers[SPINAL_PROCEDURE] == YES
    for field in ("onset", "course"):
        if field in answers:
            engine[field] = answers[field]
    if "side" in answers:
        engine["side"] = "both" if answers["side"] == BOTH_LEGS else "left"
    if answers.get(WHEN) in WHEN_WORDS and answers.get("onset") in SUDDEN_ONSETS:
        hours = WHEN_WORDS[answers[WHEN]][1]
        engine["last_known_well"] = (now or datetime.datetime.now(datetime.UTC)) - datetime.timedelta(hours=hours)
    return engine
