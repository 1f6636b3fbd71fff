"""Ranking the suspected causes: level fit, clues, known conditions, then prevalence. Display only.

It never changes the disposition. Standard library only: the causes are any objects with the
encyclopedia's fields (slug, name, level, onset, usual_side, risk_factors, urgency, prevalence).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from clinic.answers import Answers
from clinic.engine import Assessment
from clinic.pathways import pathway_causes
from clinic.rules import KNOWN_CENTRAL_CAUSES
from clinic.vocabulary import RED_FLAGS, SEVERITY, SUDDEN_ONSETS

SCORE_WEIGHTS = {
    "level": 6,  # the cause sits at the assessed level
    "red_flag_risk_factor": 8,  # a red flag answered yes names its cause better than any examination
    "pathway": 8,  # an emergency pathway that fired names its causes
    "risk_factor": 3,  # each history clue answered yes that the cause lists
    "onset": 2,  # the answered onset is the cause's usual onset
    "side": 2,  # one leg or both legs, as the cause usually is
    "side_either": 1,  # the cause can affect one or both legs: a weaker match
}
# Ties go to the commoner cause.
PREVALENCE_ORDER = ("common", "uncommon", "rare")
CAUSE_LEVELS = {"central": {"brain", "spinal_cord"}}
SIDE_GROUPS = {"left": "one", "right": "one", "both": "both"}
# Known conditions whose cause ranks first when it fits the level (rule 22).
KNOWN_CONDITIONS = ("known_ms", "known_parkinsons", "previous_stroke", "diabetes", "family_history")
STROKE_SLUG = "stroke"


def rank_causes(answers: Mapping[str, Any], assessment: Assessment, causes: Iterable[Any], limit: int = 5) -> list[Any]:
    """The causes that fit best, most likely first: a known condition's cause first, then by score; ties go
    to the commoner cause, never to the alphabet. Display only.

    A cause counts only when its level or one of its clues matches (onset and side alone say too
    little), and an emergency-only cause only when an answer names it.
    """
    intake = Answers(answers)
    if "too_little_information" in assessment.rules_fired:
        return []
    pointed = {slug for referral in assessment.referrals for slug in pathway_causes(referral.suspect)}
    # Rule 13: with upper motor neuron signs and an onset not slow, stroke is always among the suspects.
    if intake.upper_motor_neuron_signs() and intake.onset not in ("gradual", "lifelong"):
        pointed.add(STROKE_SLUG)
    scored = []
    for cause in causes:
        clues = [code for code in cause.risk_factors or () if intake.yes(code)]
        level_match = cause.level in CAUSE_LEVELS.get(assessment.level, {assessment.level})
        on_pathway = cause.slug in pointed
        if not (clues or level_match or on_pathway):
            continue
        # An emergency-only cause needs an answer that names it: a red flag, its own pathway, or the
        # diagnosis itself (a previous stroke); a history clue it shares with common causes is not enough.
        named = on_pathway or any(code in RED_FLAGS or code in KNOWN_CENTRAL_CAUSES for code in clues)
        if getattr(cause, "urgency", "") == "emergency" and not named:
            continue
        score = _score(intake, level_match, clues, cause) + (SCORE_WEIGHTS["pathway"] if on_pathway else 0)
        # Rule 22: a known condition puts its cause first among the causes that fit the level.
        known = level_match and any(code in KNOWN_CONDITIONS for code in clues)
        scored.append(((not known, -score, *_tie_break(cause)), cause))
    scored.sort(key=lambda pair: pair[0])
    return [cause for _key, cause in scored[: max(limit, 0)]]


def _tie_break(cause: Any) -> tuple[int, int, str]:
    """Ties go to the commoner cause, then to the more urgent one; the name only keeps the order stable."""
    return _prevalence_rank(cause), -SEVERITY.get(getattr(cause, "urgency", ""), 0), cause.name


def _prevalence_rank(cause: Any) -> int:
    prevalence = getattr(cause, "prevalence", "uncommon")
    return PREVALENCE_ORDER.index(prevalence) if prevalence in PREVALENCE_ORDER else 1


def _score(intake: Answers, level_match: bool, clues: list[str], cause: Any) -> int:
    score = SCORE_WEIGHTS["level"] if level_match else 0
    score += sum(SCORE_WEIGHTS["red_flag_risk_factor" if code in RED_FLAGS else "risk_factor"] for code in clues)
    onset = "sudden" if intake.onset in SUDDEN_ONSETS else intake.onset
    if onset is not None and onset == cause.onset:
        score += SCORE_WEIGHTS["onset"]
    side = SIDE_GROUPS.get(intake.side or "")
    if side and cause.usual_side == side:
        score += SCORE_WEIGHTS["side"]
    elif side and cause.usual_side == "either":
        score += SCORE_WEIGHTS["side_either"]
    return score
