"""The round-3 clinical cases (rules 12 to 22): each case's disposition, level, cause and rules,
and the report's two safety figures: no under-triage, and at most 1 in 20 false emergencies."""

from typing import Any

import pytest

from clinic import assess, rank_causes
from tests.clinic.clinical_cases import CASES, CLOCK, load_causes
from tests.clinic.clinical_cases_round3 import ROUND3_CASES
from tests.clinic.triage_report import report

CAUSES = load_causes()


@pytest.mark.parametrize("case", ROUND3_CASES, ids=lambda case: case.id)
def test_each_round3_case_gets_its_disposition_and_level(case: Any) -> None:
    assessment = assess(case.answers, now=CLOCK)
    assert (assessment.disposition, assessment.level) == (case.disposition, case.level), assessment.reasons


@pytest.mark.parametrize("case", ROUND3_CASES, ids=lambda case: case.id)
def test_each_round3_case_fires_its_rules_and_ranks_its_cause(case: Any) -> None:
    assessment = assess(case.answers, now=CLOCK)
    assert set(case.rules) <= set(assessment.rules_fired), assessment.rules_fired
    assert not set(case.not_rules) & set(assessment.rules_fired), assessment.rules_fired
    top_three = [cause.slug for cause in rank_causes(case.answers, assessment, CAUSES, limit=3)]
    assert (top_three == []) if case.cause is None else (case.cause in top_three), top_three
    if case.first_action:
        first = assessment.referrals[0]
        assert case.first_action.lower() in f"{first.destination} {first.timeframe}".lower()
    if case.scan:
        assert any(case.scan in referral.scan.lower() for referral in assessment.referrals)


def test_no_case_is_under_triaged_and_false_emergencies_stay_under_one_in_twenty() -> None:
    for cases in (ROUND3_CASES, CASES + ROUND3_CASES):
        figures = report(cases)
        assert figures.under_triage == ()
        assert len(figures.false_emergencies) * 20 <= figures.cases - figures.emergencies


def test_the_round3_cases_cover_every_rule_class_with_a_firing_case_and_a_near_miss() -> None:
    classes = (
        "central_signs_within_24_hours",
        "sudden_onset_over_a_week_ago",
        "sudden_onset_days_ago",
        "unknown_onset_central_signs",
        "unwitnessed_onset_within_24_hours",
        "progressing_central_deficit",
        "both_legs_new",
        "both_legs_with_back_pain",
        "compressive_peroneal_palsy",
        "known_cause_explains_old_findings",
        "slow_hereditary_change",
        "level_several_roots",
        "spinal_procedure_emergency",
        "spinal_procedure_urgent",
    )
    for rule in classes:
        fired = [rule in assess(case.answers, now=CLOCK).rules_fired for case in ROUND3_CASES]
        assert any(fired) and not all(fired), rule
