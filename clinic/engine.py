"""`assess`: the answers, through the rules table and the localisation, to an Assessment.

Pure: no database, no request, no clock but the `now` it is given (the current time when it is
not). Assessing the same answers again gives the same result, so assessing with one answer
changed is cheap.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from clinic.decisive import DecisiveQuestion, decisive_questions
from clinic.localisation import localise
from clinic.pathways import Referral, referral_steps
from clinic.rules import DISPOSITION_STAGE, FINDING_STAGE, NOTE_STAGE, Case, rules_of
from clinic.vocabulary import EMERGENCY


@dataclass(frozen=True)
class Assessment:
    """The stored triage result: what to do, where the lesion is likely to be, and why."""

    disposition: str
    level: str
    reasons: tuple[str, ...]
    referrals: tuple[Referral, ...]
    rules_fired: tuple[str, ...] = field(default=())
    # The blanks whose answer would change the disposition (clinic.decisive), most urgent first.
    decisive: tuple[DecisiveQuestion, ...] = field(default=())


def assess(answers: Mapping[str, Any], now: datetime.datetime | None = None) -> Assessment:
    """Triage one intake, and name the blanks whose answer would change its disposition (clinic.decisive)."""
    assessment = assess_as_given(answers, now)
    decisive = decisive_questions(answers, assessment.disposition, disposition_of, now)
    return replace(assessment, decisive=decisive)


def assess_as_given(answers: Mapping[str, Any], now: datetime.datetime | None = None) -> Assessment:
    """
    Triage the answers as they stand: the disposition rules, then the level's findings, then the
    notes; no decisive questions (the public check, which asks its own questions, needs none).
    """
    case = _triaged(answers, now)
    disposition = case.disposition
    emergency = case.emergency
    _fire(case, NOTE_STAGE)
    referrals = referral_steps(((item.rule, item.pathways) for item in emergency), bool(case.whole_spine_reasons()))
    reasons = tuple(item.reason for item in case.fired if item.reason)
    rules_fired = tuple(item.rule for item in case.fired)
    return Assessment(disposition, case.level, reasons, referrals, rules_fired)


def disposition_of(answers: Mapping[str, Any], now: datetime.datetime | None = None) -> str:
    """
    The disposition `assess` gives, without the notes, referrals and decisive questions it adds.
    It stops at the first emergency rule that fires: nothing is more urgent than an emergency.
    """
    return _triaged(answers, now, until_emergency=True).disposition


def _triaged(answers: Mapping[str, Any], now: datetime.datetime | None, *, until_emergency: bool = False) -> Case:
    """The case after the stages that decide the disposition: the rules, then the level's findings."""
    case = Case(answers, now)
    case.level, case.findings = localise(case)
    for stage in (DISPOSITION_STAGE, FINDING_STAGE):
        _fire(case, stage, until_emergency=until_emergency)
    return case


def _fire(case: Case, stage: str, *, until_emergency: bool = False) -> None:
    for rule in rules_of(stage):
        fired = rule.fire(case)
        if fired:
            case.fired.append(fired)
            if until_emergency and rule.least == EMERGENCY:
                return
