"""`assess`: the answers, through the rules table and the localisation, to an Assessment.

Pure: no database, no request, no clock but the `now` it is given (the current time when it is
not). Assessing the same answers again gives the same result, so assessing with one answer
changed is cheap.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clinic.localisation import localise
from clinic.pathways import Referral, referral_steps
from clinic.rules import DISPOSITION_STAGE, FINDING_STAGE, NOTE_STAGE, Case, rules_of


@dataclass(frozen=True)
class Assessment:
    """The stored triage result: what to do, where the lesion is likely to be, and why."""

    disposition: str
    level: str
    reasons: tuple[str, ...]
    referrals: tuple[Referral, ...]
    rules_fired: tuple[str, ...] = field(default=())


def assess(answers: Mapping[str, Any], now: datetime.datetime | None = None) -> Assessment:
    """Triage one intake: the disposition rules, then the level's findings, then the notes."""
    case = Case(answers, now)
    case.level, case.findings = localise(case)
    for stage in (DISPOSITION_STAGE, FINDING_STAGE):
        _fire(case, stage)
    disposition = case.disposition
    emergency = case.emergency
    _fire(case, NOTE_STAGE)
    referrals = referral_steps(((item.rule, item.pathways) for item in emergency), bool(case.whole_spine_reasons()))
    reasons = tuple(item.reason for item in case.fired if item.reason)
    rules_fired = tuple(item.rule for item in case.fired)
    return Assessment(disposition, case.level, reasons, referrals, rules_fired)


def _fire(case: Case, stage: str) -> None:
    for rule in rules_of(stage):
        fired = rule.fire(case)
        if fired:
            case.fired.append(fired)
