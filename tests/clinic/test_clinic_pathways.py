"""Every pathway's first action is an instruction: it starts with a verb ("Send the patient to...")."""

import pytest

from clinic import assess
from clinic.pathways import ALL_PATHWAYS, CALL_999, FIRST_ACTION_VERBS
from clinic.rules import RULES
from tests.clinic.clinical_cases import CASES, CLOCK
from tests.clinic.clinical_cases_round3 import ROUND3_CASES

PATHWAYS = {pathway.suspect + " / " + pathway.place: pathway for pathway in ALL_PATHWAYS}


@pytest.mark.parametrize("name", sorted(PATHWAYS))
def test_every_pathway_s_first_action_starts_with_a_verb_and_names_a_place(name: str) -> None:
    pathway = PATHWAYS[name]
    assert pathway.destination.split()[0] in FIRST_ACTION_VERBS, pathway.destination
    assert not pathway.destination.endswith("."), "the page adds the full stop"
    assert pathway.place and pathway.timeframe


def test_every_emergency_rule_s_pathway_is_one_of_the_pathways() -> None:
    for rule in RULES:
        assert set(rule.pathways) <= set(ALL_PATHWAYS), rule.name


def test_the_one_first_action_for_several_pathways_starts_with_a_verb() -> None:
    assert CALL_999.split()[0] in FIRST_ACTION_VERBS


@pytest.mark.parametrize("case", CASES + ROUND3_CASES, ids=lambda case: case.id)
def test_every_referral_step_of_every_clinical_case_is_an_instruction(case) -> None:
    for referral in assess(case.answers, now=CLOCK).referrals:
        assert referral.destination.split()[0] in FIRST_ACTION_VERBS, referral.destination
