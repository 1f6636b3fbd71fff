"""The triage engine: a rule table, an exhaustive safety grid, properties and clinical cases.

Pure Python: no database and no Django fixture; it runs with `-p no:django` (make test-clinic).
"""

import itertools
import json
from dataclasses import FrozenInstanceError, asdict, dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic import (
    DISPOSITION_LABELS,
    HISTORY,
    LEVEL_LABELS,
    MUSCLES,
    RED_FLAGS,
    RULES_BY_NAME,
    STROKE_PATHWAY,
    Assessment,
    Referral,
    assess,
    rank_causes,
    stroke_clock,
)
from clinic.clock import StrokeClock
from clinic.localisation import CLUE_LEVELS
from clinic.pathways import FIRST_ACTION_VERBS, RED_FLAG_PATHWAYS
from clinic.ranking import SCORE_WEIGHTS
from tests.clinic.clinical_cases import CASES, CLOCK, load_causes

DISPOSITIONS = tuple(DISPOSITION_LABELS)
LEVELS = tuple(LEVEL_LABELS)

SEVERITY = {"routine": 0, "urgent": 1, "emergency": 2}
SETTLED = ("stable", "improving")
BASE = {"side": "left", "onset": "gradual", "course": "stable"}
PERONEAL_EXAM = {
    "dorsiflexion_mrc": 4,
    "eversion_mrc": 4,
    "inversion_mrc": 5,
    "hip_abduction_mrc": 5,
    "knee_flexion_mrc": 5,
}
REFLEXES = ("normal", "reduced", "absent", "brisk", "not_tested")
CHOICE_VALUES = {
    "side": ("left", "right", "both"),
    "onset": ("sudden", "on_waking", "days", "gradual", "lifelong", "unknown"),
    "course": ("improving", "stable", "worsening"),
    "ankle_reflex": REFLEXES,
    "knee_reflex": REFLEXES,
    "babinski": ("present", "absent", "not_tested"),
    "sensory_loss": (
        "none",
        "first_web_space",
        "dorsum_foot",
        "lateral_calf_and_dorsum",
        "sole",
        "stocking",
        "not_tested",
    ),
    "sensory_level": ("yes", "no", "not_tested"),
    "fasciculations": ("yes", "no", "not_tested"),
    "fibular_tinel": ("yes", "no", "not_tested"),
}
# The answer a healthy patient would give: removing an answer must never triage lower than this.
NORMAL_ANSWERS: dict[str, tuple[Any, ...]] = {
    **{flag: (False,) for flag in RED_FLAGS + HISTORY},
    **{muscle: (5,) for muscle in MUSCLES},
    "side": ("left", "right"),
    "onset": ("gradual", "lifelong", "days", "unknown"),
    "course": ("stable", "improving"),
    "ankle_reflex": ("normal",),
    "knee_reflex": ("normal",),
    "babinski": ("absent",),
    "sensory_loss": ("none",),
    "sensory_level": ("no",),
    "fasciculations": ("no",),
    "fibular_tinel": ("no",),
}
EXAM_PROFILES = {
    "not examined": {},
    "normal": {**{muscle: 5 for muscle in MUSCLES}, "ankle_reflex": "normal", "babinski": "absent"},
    "peroneal": {**PERONEAL_EXAM, "sensory_loss": "dorsum_foot", "fibular_tinel": "yes"},
    "polyneuropathy": {"side": "both", "dorsiflexion_mrc": 4, "ankle_reflex": "absent", "sensory_loss": "stocking"},
    "cord": {"side": "both", "knee_reflex": "brisk", "sensory_level": "yes", "headache_or_seizure": False},
    "motor neuron": {"dorsiflexion_mrc": 2, "fasciculations": "yes", "sensory_loss": "none", "sensory_level": "no"},
}
NO_RED_FLAGS = dict.fromkeys(RED_FLAGS, False)


def answers(**overrides: Any) -> dict[str, Any]:
    return {**BASE, **overrides}


def mentions(assessment: Assessment, fragment: str) -> bool:
    return any(fragment in reason for reason in assessment.reasons)


# --- The rule table: every rule has a case that fires it and a near miss that must not. ---


@dataclass(frozen=True)
class Rule:
    name: str
    fires: dict[str, Any]
    near_miss: dict[str, Any]
    fragment: str  # a phrase of the rule's reason
    disposition: str
    near_miss_disposition: str
    level: str | None = None
    near_miss_level: str | None = None


RED_FLAG_PHRASES = {
    "stroke_signs": "suspect stroke",
    "bladder_bowel": "New bladder or bowel trouble",
    "saddle_numbness": "Saddle numbness was reported",
    "ascending_weakness": "suspect Guillain-Barré syndrome",
    "compartment_signs": "suspect anterior compartment syndrome",
    "spinal_trauma": "suspect spinal cord injury",
    "fever_back_pain": "suspect spinal abscess",
    "cancer_back_pain": "suspect metastatic spinal cord compression",
}
ANTERIOR_HORN = {"dorsiflexion_mrc": 4, "knee_reflex": "brisk", "ankle_reflex": "absent", "sensory_loss": "none"}
BOTH_LEGS_WEAK = {"side": "both", "dorsiflexion_mrc": 4, "ankle_reflex": "reduced", "sensory_loss": "none"}

RULE_TABLE = [
    Rule("sudden onset", answers(onset="sudden"), answers(onset="gradual"), "Onset was sudden", "emergency", "routine"),
    *(
        Rule(flag, answers(**{flag: True}), answers(**{flag: False}), phrase, "emergency", "routine")
        for flag, phrase in RED_FLAG_PHRASES.items()
    ),
    Rule("unknown onset", answers(onset="unknown"), answers(onset="lifelong"), "Onset is unknown", "urgent", "routine"),
    Rule("missing onset", {"side": "left"}, {"side": "left", "onset": "gradual"}, "not recorded", "urgent", "routine"),
    Rule("worsening", answers(course="worsening"), answers(course="improving"), "worsening", "urgent", "routine"),
    Rule(
        "central level is urgent",
        answers(**PERONEAL_EXAM, babinski="present"),
        answers(**PERONEAL_EXAM, babinski="absent"),
        "arrange urgent imaging",
        "urgent",
        "routine",
        "central",
        "peroneal",
    ),
    Rule(
        "sciatic level is urgent",
        answers(dorsiflexion_mrc=4, knee_flexion_mrc=3, hip_abduction_mrc=5),
        answers(**PERONEAL_EXAM),
        "The level is the sciatic nerve",
        "urgent",
        "routine",
        "sciatic",
        "peroneal",
    ),
    Rule(
        "plexus level is urgent",
        answers(dorsiflexion_mrc=4, inversion_mrc=3, hip_abduction_mrc=3, knee_flexion_mrc=4),
        answers(dorsiflexion_mrc=4, inversion_mrc=3, hip_abduction_mrc=3, knee_flexion_mrc=5),
        "The level is the lumbosacral plexus",
        "urgent",
        "routine",
        "plexus",
        "nerve_root",
    ),
    Rule(
        "plexus from a lost knee reflex",
        answers(hip_abduction_mrc=4, knee_reflex="absent"),
        answers(hip_abduction_mrc=4, knee_reflex="normal"),
        "points to the lumbosacral plexus",
        "urgent",
        "routine",
        "plexus",
        "nerve_root",
    ),
    Rule(
        "both legs over days, stable: an emergency whatever the reflexes (rule 15)",
        answers(side="both", onset="days"),
        answers(side="both", onset="gradual"),
        "cannot be told apart here",
        "emergency",
        "routine",
    ),
    Rule(
        "one leg over days is not the both-legs rule",
        answers(side="both", onset="days"),
        answers(side="right", onset="days"),
        "Guillain-Barré syndrome, spinal cord compression and",
        "emergency",
        "urgent",
    ),
    Rule(
        "both legs over days and improving is urgent, not the both-legs emergency",
        answers(side="both", onset="days", course="improving"),
        answers(side="both", onset="gradual", course="improving"),
        "both legs are affected, so early Guillain-Barré",
        "urgent",
        "routine",
    ),
    Rule(
        "side not recorded over days",
        {"onset": "days", "course": "stable"},
        {"onset": "days", "course": "stable", "side": "right"},
        "both legs may be affected",
        "urgent",
        "urgent",
    ),
    Rule(
        "anterior horn pattern",
        answers(**ANTERIOR_HORN),
        answers(**ANTERIOR_HORN | {"sensory_loss": "lateral_calf_and_dorsum"}),
        "motor neuron disease",
        "urgent",
        "urgent",
        "spinal_cord",
        "central",
    ),
    Rule(
        "Babinski sign",
        answers(dorsiflexion_mrc=4, babinski="present"),
        answers(dorsiflexion_mrc=4, babinski="absent"),
        "Babinski sign is present: upper motor neuron signs",
        "urgent",
        "routine",
        "central",
        "unknown",
    ),
    Rule(
        "brisk ankle reflex",
        answers(dorsiflexion_mrc=4, ankle_reflex="brisk"),
        answers(dorsiflexion_mrc=4, ankle_reflex="normal"),
        "upper motor neuron signs point to the brain or spinal cord",
        "urgent",
        "routine",
        "central",
        "unknown",
    ),
    Rule(
        "brisk reflexes in both legs point to the cord",
        answers(side="both", knee_reflex="brisk"),
        answers(side="left", knee_reflex="brisk"),
        "both legs affected: the spinal cord is the likely level",
        "urgent",
        "urgent",
        "spinal_cord",
        "central",
    ),
    Rule(
        "brisk reflexes after spinal injury point to the cord",
        answers(spinal_trauma=True, babinski="present"),
        answers(babinski="present"),
        "with an injury to the spine: the spinal cord",
        "emergency",
        "urgent",
        "spinal_cord",
        "central",
    ),
    Rule(
        "brisk reflexes with bladder trouble point to the cord",
        answers(bladder_bowel=True, knee_reflex="brisk"),
        answers(bladder_bowel=True, knee_reflex="normal"),
        "with new bladder or bowel trouble: the spinal cord",
        "emergency",
        "emergency",
        "spinal_cord",
        "nerve_root",
    ),
    Rule(
        "stroke signs localise to the brain",
        answers(onset="sudden", stroke_signs=True, **PERONEAL_EXAM),
        answers(onset="sudden", stroke_signs=False, **PERONEAL_EXAM),
        "Face, arm or speech signs point to the brain",
        "emergency",
        "emergency",
        "central",
        "peroneal",
    ),
    Rule(
        "conflicting levels keep the more proximal one",
        answers(**PERONEAL_EXAM, ankle_reflex="brisk"),
        answers(**PERONEAL_EXAM, ankle_reflex="normal"),
        "the more proximal and dangerous one, the brain or spinal cord, is kept",
        "urgent",
        "routine",
        "central",
        "peroneal",
    ),
    Rule(
        "weak inversion",
        answers(**PERONEAL_EXAM | {"inversion_mrc": 3}),
        answers(**PERONEAL_EXAM),
        "Inversion is weak (MRC 3): this points to the L5 nerve root rather than the peroneal nerve.",
        "routine",
        "routine",
        "nerve_root",
        "peroneal",
    ),
    Rule(
        "weak hip abduction",
        answers(**PERONEAL_EXAM | {"hip_abduction_mrc": 4}),
        answers(**PERONEAL_EXAM),
        "Hip abduction is weak (MRC 4): this points to the L5 nerve root",
        "routine",
        "routine",
        "nerve_root",
        "peroneal",
    ),
    Rule(
        "weak knee flexion with hip abduction untested",
        answers(dorsiflexion_mrc=4, knee_flexion_mrc=4),
        answers(dorsiflexion_mrc=4, knee_flexion_mrc=5),
        "hip abduction is not tested: this points to the sciatic nerve",
        "urgent",
        "routine",
        "sciatic",
        "unknown",
    ),
    Rule(
        "weak plantarflexion with foot drop",
        answers(**PERONEAL_EXAM | {"plantarflexion_mrc": 4}),
        answers(**PERONEAL_EXAM | {"plantarflexion_mrc": 5}),
        "the peroneal and the tibial territories points to the sciatic nerve",
        "urgent",
        "routine",
        "sciatic",
        "peroneal",
    ),
    Rule(
        "peroneal pattern",
        answers(**PERONEAL_EXAM),
        answers(dorsiflexion_mrc=4, eversion_mrc=4),
        "points to the common peroneal nerve",
        "routine",
        "routine",
        "peroneal",
        "unknown",
    ),
    Rule(
        "peroneal from a Tinel sign when inversion is untested",
        answers(dorsiflexion_mrc=4, fibular_tinel="yes"),
        answers(dorsiflexion_mrc=4, fibular_tinel="no"),
        "supported by a Tinel sign at the fibular head",
        "routine",
        "routine",
        "peroneal",
        "unknown",
    ),
    Rule(
        "polyneuropathy",
        answers(side="both", dorsiflexion_mrc=4, ankle_reflex="absent", sensory_loss="stocking"),
        answers(side="both", dorsiflexion_mrc=4, ankle_reflex="normal", sensory_loss="stocking"),
        "the pattern of a polyneuropathy",
        "routine",
        "routine",
        "polyneuropathy",
        "unknown",
    ),
    Rule(
        "polyneuropathy needs both legs",
        answers(side="both", dorsiflexion_mrc=4, ankle_reflex="absent", sensory_loss="stocking"),
        answers(side="left", dorsiflexion_mrc=4, ankle_reflex="absent", sensory_loss="stocking"),
        "the pattern of a polyneuropathy",
        "routine",
        "routine",
        "polyneuropathy",
        "unknown",
    ),
    Rule(
        "muscle",
        answers(**BOTH_LEGS_WEAK),
        answers(**BOTH_LEGS_WEAK | {"babinski": "present"}),
        "suggests a disease of the muscles",
        "routine",
        "urgent",
        "muscle",
        "spinal_cord",
    ),
    Rule(
        "muscle needs no sensory loss",
        answers(**BOTH_LEGS_WEAK),
        answers(**BOTH_LEGS_WEAK | {"sensory_loss": "not_tested"}),
        "suggests a disease of the muscles",
        "routine",
        "routine",
        "muscle",
        "unknown",
    ),
    *(
        Rule(
            f"history of {clue} with a silent examination",
            answers(dorsiflexion_mrc=4, **{clue: True}),
            answers(dorsiflexion_mrc=4, **{clue: False}),
            "No localising examination finding was recorded",
            disposition,
            "routine",
            level,
            "unknown",
        )
        for clue, level, disposition in (
            ("leg_crossing_or_squatting", "peroneal", "routine"),
            ("knee_surgery_or_injury", "peroneal", "routine"),
            ("cast_or_tight_brace", "peroneal", "routine"),
            ("back_pain_radiating", "nerve_root", "routine"),
            ("hip_surgery_or_injection", "sciatic", "urgent"),
            ("known_ms", "central", "routine"),
        )
    ),
    *(
        Rule(
            f"red flag {clue} suggests a level when nothing is examined",
            answers(**{clue: True}),
            answers(**{clue: False}),
            "No localising examination finding was recorded",
            "emergency",
            "routine",
            level,
            "unknown",
        )
        for clue, level in (
            ("bladder_bowel", "nerve_root"),
            ("ascending_weakness", "polyneuropathy"),
            ("compartment_signs", "muscle"),
            ("fever_back_pain", "spinal_cord"),
            ("cancer_back_pain", "spinal_cord"),
        )
    ),
    Rule(
        "routine when nothing else fires",
        answers(),
        answers(course="worsening"),
        "a routine clinic appointment",
        "routine",
        "urgent",
    ),
]


@pytest.mark.parametrize("rule", RULE_TABLE, ids=lambda rule: rule.name)
def test_each_rule_fires_on_its_case(rule: Rule) -> None:
    assessment = assess(rule.fires)
    assert assessment.disposition == rule.disposition
    assert rule.level is None or assessment.level == rule.level
    assert mentions(assessment, rule.fragment), assessment.reasons


@pytest.mark.parametrize("rule", RULE_TABLE, ids=lambda rule: rule.name)
def test_each_near_miss_does_not_fire_its_rule(rule: Rule) -> None:
    assessment = assess(rule.near_miss)
    assert assessment.disposition == rule.near_miss_disposition
    assert rule.near_miss_level is None or assessment.level == rule.near_miss_level
    assert not mentions(assessment, rule.fragment), assessment.reasons


# --- Every named rule of the engine: a case that fires it and a near miss that must not. ---

ENGINE_RULE_CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "sudden_onset_stroke": (answers(onset="sudden"), answers(onset="sudden", recent_leg_injury=True)),
    "sudden_onset_after_injury": (
        answers(onset="sudden", spinal_trauma=True),
        answers(onset="days", spinal_trauma=True),
    ),
    **{f"red_flag_{flag}": (answers(**{flag: True}), answers(**{flag: False})) for flag in RED_FLAGS},
    "guillain_barre_pattern": (
        answers(side="both", onset="days", course="worsening", ankle_reflex="absent"),
        answers(side="both", onset="gradual", course="worsening", ankle_reflex="absent"),
    ),
    "spinal_cord_pattern": (
        answers(side="both", onset="days", knee_reflex="brisk"),
        answers(side="left", onset="days", knee_reflex="brisk"),
    ),
    "possible_recent_leg_injury": (
        answers(onset="days", knee_surgery_or_injury=True),
        answers(onset="days", knee_surgery_or_injury=True, recent_leg_injury=False),
    ),
    "onset_not_recorded": ({"side": "left"}, answers()),
    "onset_unknown": (answers(onset="unknown"), answers(onset="lifelong")),
    "onset_over_days": (answers(onset="days"), answers()),
    "worsening": (answers(course="worsening"), answers(course="improving")),
    "motor_neuron_pattern": (
        answers(dorsiflexion_mrc=4, fasciculations="yes"),
        answers(dorsiflexion_mrc=4, fasciculations="yes", sensory_loss="dorsum_foot"),
    ),
    "central_level_urgent": (answers(babinski="present"), answers(babinski="present", previous_stroke=True)),
    "sciatic_or_plexus_level_urgent": (answers(dorsiflexion_mrc=4, knee_flexion_mrc=4), answers(**PERONEAL_EXAM)),
    "severe_weakness_urgent": (
        answers(**PERONEAL_EXAM | {"dorsiflexion_mrc": 3}, onset="days"),
        answers(**PERONEAL_EXAM | {"dorsiflexion_mrc": 3}),
    ),
    # Round 3 (rules 12 to 22).
    "sudden_onset_days_ago": (
        answers(onset="sudden", last_known_well=CLOCK - timedelta(days=3)),
        answers(onset="sudden", last_known_well=CLOCK - timedelta(hours=10)),
    ),
    "sudden_onset_over_a_week_ago": (
        answers(onset="sudden", last_known_well=CLOCK - timedelta(days=10)),
        answers(onset="sudden", last_known_well=CLOCK - timedelta(days=10), course="worsening"),
    ),
    "central_signs_within_24_hours": (
        answers(onset="days", babinski="present", last_known_well=CLOCK - timedelta(hours=20)),
        answers(onset="days", babinski="present", last_known_well=CLOCK - timedelta(hours=30)),
    ),
    "unwitnessed_onset_within_24_hours": (
        answers(onset="unknown", last_known_well=CLOCK - timedelta(hours=10)),
        answers(onset="unknown", last_known_well=CLOCK - timedelta(hours=30)),
    ),
    "unknown_onset_central_signs": (
        answers(onset="unknown", babinski="present"),
        answers(onset="unknown", babinski="absent"),
    ),
    "progressing_central_deficit": (answers(onset="days", babinski="present"), answers(babinski="present")),
    "both_legs_new": (answers(side="both", onset="days"), answers(side="both", onset="days", course="improving")),
    "both_legs_with_back_pain": (
        answers(side="both", onset="days", back_pain_radiating=True),
        answers(side="left", onset="days", back_pain_radiating=True),
    ),
    "spinal_procedure_emergency": (
        answers(spinal_procedure=True, back_pain_radiating=True),
        answers(spinal_procedure=True),
    ),
    "spinal_procedure_urgent": (answers(spinal_procedure=True), answers(spinal_procedure=False)),
    "slow_hereditary_change": (
        answers(side="both", onset="lifelong", course="worsening", family_history=True),
        answers(side="both", onset="gradual", course="worsening", family_history=True),
    ),
    "compressive_peroneal_palsy": (
        answers(**PERONEAL_EXAM, leg_crossing_or_squatting=True),
        answers(**PERONEAL_EXAM, leg_crossing_or_squatting=True, course="worsening"),
    ),
    "level_several_roots": (
        answers(dorsiflexion_mrc=4, hip_abduction_mrc=4, knee_reflex="reduced", back_pain_radiating=True),
        answers(dorsiflexion_mrc=4, hip_abduction_mrc=4, knee_reflex="reduced"),
    ),
    "level_both_legs_back_pain": (
        answers(side="both", onset="days", back_pain_radiating=True),
        answers(side="both", onset="gradual", back_pain_radiating=True),
    ),
    "known_cause_explains_old_findings": (
        answers(previous_stroke=True, babinski="present"),
        answers(previous_stroke=True, babinski="present", course="worsening"),
    ),
    "one_first_action": (answers(onset="sudden", bladder_bowel=True), answers(onset="sudden", stroke_signs=True)),
    "last_known_well": (answers(onset="sudden"), answers(onset="sudden", compartment_signs=True)),
    "whole_spine_scan": (answers(bladder_bowel=True, knee_reflex="brisk"), answers(bladder_bowel=True)),
    "lumbar_spine_scan": (answers(saddle_numbness=True), answers(saddle_numbness=True, babinski="present")),
    "red_flags_not_asked": (answers(), answers(**NO_RED_FLAGS)),
    "routine": (answers(), answers(course="worsening")),
    "too_little_information": (answers(onset="unknown"), answers(onset="unknown", diabetes=True)),
    "level_central": (answers(babinski="present"), answers(babinski="absent")),
    "level_spinal_cord": (answers(side="both", babinski="present"), answers(side="left", babinski="present")),
    "level_anterior_horn": (answers(**ANTERIOR_HORN), answers(**ANTERIOR_HORN | {"sensory_loss": "dorsum_foot"})),
    "level_sensory_level": (answers(sensory_level="yes"), answers(sensory_level="no")),
    "level_stroke_signs": (answers(stroke_signs=True), answers(stroke_signs=False)),
    "level_spinal_trauma": (answers(spinal_trauma=True), answers(spinal_trauma=False)),
    "level_both_legs_cauda_equina": (
        answers(side="both", saddle_numbness=True),
        answers(side="left", saddle_numbness=True),
    ),
    "level_both_legs_guillain_barre": (
        answers(side="both", ascending_weakness=True, ankle_reflex="absent"),
        answers(side="both", ascending_weakness=True, ankle_reflex="normal"),
    ),
    "level_both_legs_roots": (answers(side="both", hip_abduction_mrc=4), answers(side="left", hip_abduction_mrc=4)),
    "level_polyneuropathy": (
        answers(side="both", dorsiflexion_mrc=4, ankle_reflex="absent", sensory_loss="stocking"),
        answers(side="both", dorsiflexion_mrc=4, ankle_reflex="normal", sensory_loss="stocking"),
    ),
    "level_muscle": (answers(**BOTH_LEGS_WEAK), answers(**BOTH_LEGS_WEAK | {"babinski": "present"})),
    "level_plexus": (
        answers(dorsiflexion_mrc=4, hip_abduction_mrc=3, knee_flexion_mrc=4),
        answers(dorsiflexion_mrc=4, hip_abduction_mrc=3, knee_flexion_mrc=5),
    ),
    "level_l5_root": (answers(**PERONEAL_EXAM | {"inversion_mrc": 3}), answers(**PERONEAL_EXAM)),
    "level_sciatic": (answers(dorsiflexion_mrc=4, knee_flexion_mrc=4), answers(dorsiflexion_mrc=4, knee_flexion_mrc=5)),
    "level_peroneal": (answers(**PERONEAL_EXAM), answers(dorsiflexion_mrc=4, eversion_mrc=4)),
    "parkinsons_central": (answers(known_parkinsons=True), answers(known_parkinsons=True, **PERONEAL_EXAM)),
    **{
        f"level_clue_{clue}": (answers(dorsiflexion_mrc=4, **{clue: True}), answers(dorsiflexion_mrc=4))
        for clue in CLUE_LEVELS
    },
    "level_unknown": (answers(), answers(**PERONEAL_EXAM)),
    "level_conflict": (answers(**PERONEAL_EXAM, ankle_reflex="brisk"), answers(**PERONEAL_EXAM, ankle_reflex="normal")),
}


def test_every_named_rule_has_a_firing_case_and_a_near_miss() -> None:
    assert set(ENGINE_RULE_CASES) == set(RULES_BY_NAME)


@pytest.mark.parametrize("rule", sorted(ENGINE_RULE_CASES))
def test_each_named_rule_fires_on_its_case_and_not_on_its_near_miss(rule: str) -> None:
    fires, near_miss = ENGINE_RULE_CASES[rule]
    assert rule in assess(fires, now=CLOCK).rules_fired
    assert rule not in assess(near_miss, now=CLOCK).rules_fired


@pytest.mark.parametrize("rule", sorted(name for name, rule in RULES_BY_NAME.items() if rule.least != "routine"))
def test_a_rule_that_fires_gives_at_least_its_disposition(rule: str) -> None:
    fires, _near_miss = ENGINE_RULE_CASES[rule]
    assert SEVERITY[assess(fires, now=CLOCK).disposition] >= SEVERITY[RULES_BY_NAME[rule].least]


# --- Emergencies and their referrals. ---


def test_sudden_onset_with_nothing_to_explain_it_is_a_stroke_and_says_call_999() -> None:
    assessment = assess(answers(onset="sudden"))
    assert assessment.disposition == "emergency"
    (referral,) = assessment.referrals
    assert referral == Referral(*STROKE_PATHWAY[:3], rule="sudden_onset_stroke", place=STROKE_PATHWAY.place)
    assert referral.destination.startswith("Call 999")
    assert "4.5 hours" in referral.timeframe and "24 hours" in referral.timeframe


def test_sudden_onset_right_after_an_injury_opens_that_injury_s_pathway_not_the_stroke_one() -> None:
    for injury in ("recent_leg_injury", "compartment_signs", "spinal_trauma"):
        assessment = assess(answers(onset="sudden", **{injury: True}))
        assert assessment.disposition == "emergency"
        assert [referral.suspect for referral in assessment.referrals] == [RED_FLAG_PATHWAYS[injury].suspect]
    with_stroke_signs = assess(answers(onset="sudden", recent_leg_injury=True, stroke_signs=True))
    assert "stroke" in with_stroke_signs.referrals[0].suspect


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_each_red_flag_opens_its_own_referral(flag: str) -> None:
    (referral,) = assess(answers(**{flag: True})).referrals
    pathway = RED_FLAG_PATHWAYS[flag]
    assert (referral.suspect, referral.destination, referral.rule) == (
        pathway.suspect,
        pathway.destination,
        f"red_flag_{flag}",
    )
    assert referral.timeframe.startswith("Now")


def test_bladder_trouble_and_saddle_numbness_share_one_cauda_equina_referral_with_a_lumbar_scan() -> None:
    (referral,) = assess(answers(bladder_bowel=True, saddle_numbness=True)).referrals
    assert referral.suspect == "cauda equina syndrome"
    assert referral.scan == "Emergency MRI of the lumbar spine"


@pytest.mark.parametrize(
    "finding",
    [{"knee_reflex": "brisk"}, {"babinski": "present"}, {"sensory_level": "yes"}, {"cancer_back_pain": True}],
)
def test_cauda_equina_with_a_cord_sign_or_cancer_asks_for_the_whole_spine(finding: dict[str, Any]) -> None:
    assessment = assess(answers(bladder_bowel=True, **finding))
    scans = {referral.scan for referral in assessment.referrals if referral.scan}
    assert scans == {"Emergency MRI of the whole spine"}


def test_sudden_onset_and_stroke_signs_share_one_stroke_referral() -> None:
    (referral,) = assess(answers(onset="sudden", stroke_signs=True)).referrals
    assert referral.suspect == "stroke"


def test_several_pathways_lead_with_one_call_to_999_naming_every_suspicion() -> None:
    assessment = assess(answers(onset="sudden", bladder_bowel=True))
    first, *steps = assessment.referrals
    assert first.destination == "Call 999 for an ambulance to the emergency department"
    assert first.timeframe == "Now: tell them: suspected stroke; suspected cauda equina syndrome"
    assert [step.suspect for step in steps] == ["stroke", "cauda equina syndrome"]


def test_every_trigger_at_once_gives_one_first_action_then_one_referral_per_pathway() -> None:
    assessment = assess(answers(onset="sudden", **dict.fromkeys(RED_FLAGS, True)))
    first, *steps = assessment.referrals
    suspects = [step.suspect for step in steps]
    assert first.rule == "one_first_action" and len(suspects) == len(set(suspects))
    assert set(suspects) == {pathway.suspect for pathway in RED_FLAG_PATHWAYS.values()}
    assert all(f"suspected {suspect}" in first.timeframe for suspect in suspects)


def test_non_emergencies_have_no_referrals() -> None:
    assert assess(answers(course="worsening", onset="unknown")).referrals == ()
    assert assess(answers()).referrals == ()


def test_examination_cannot_turn_off_an_emergency() -> None:
    healthy = EXAM_PROFILES["normal"] | {"sensory_loss": "none", "knee_reflex": "normal", "course": "improving"}
    assert assess(answers(cancer_back_pain=True, **healthy)).disposition == "emergency"


# --- The stroke clock: hours since last known well, never "too late". ---


@pytest.mark.parametrize(
    ("hours", "phrase"),
    [
        (1, "Last known well 13:00, 1 h ago (as at 14:00); the 4.5-hour window for thrombolysis closes at 17:30;"),
        (4.5, "4 h 30 min ago (as at 14:00); the 4.5-hour window for thrombolysis closes at 14:00;"),
        (6, "6 h ago (as at 14:00); the 24-hour window for thrombectomy (selected patients) closes at 3 Mar 08:00"),
        (24, "Last known well 1 Mar 14:00, 24 h ago (as at 14:00); the 24-hour window for thrombectomy"),
    ],
)
def test_the_clock_reads_the_windows_with_their_closing_times_as_at_now(hours: float, phrase: str) -> None:
    text = stroke_clock(CLOCK - timedelta(hours=hours), CLOCK)
    assert phrase in text
    assert text.endswith("Call 999 now.")


def test_the_clock_shows_times_in_the_zone_it_is_read_in() -> None:
    london_summer = datetime(2026, 7, 5, 8, 50, tzinfo=ZoneInfo("Europe/London"))
    well = datetime(2026, 7, 5, 5, 10, tzinfo=UTC)  # 06:10 in London in July
    assert stroke_clock(well, london_summer).startswith(
        "Last known well 06:10, 2 h 40 min ago (as at 08:50); the 4.5-hour window for thrombolysis closes at 10:40"
    )


@pytest.mark.parametrize("hours", [24.5, 30, 72, 24 * 7, 24 * 755])
def test_a_clock_more_than_24_hours_old_shows_no_countdown_and_never_says_too_late(hours: float) -> None:
    clock = StrokeClock(CLOCK - timedelta(hours=hours), CLOCK)
    assert not clock.counting_down and clock.open_windows == []
    text = clock.words()
    assert "no treatment-window countdown" in text and "the stroke team decides" in text
    assert "closes at" not in text and "Call 999" not in text and "too late" not in text


def test_the_assessment_keeps_the_fact_of_the_clock_never_a_countdown_that_goes_stale() -> None:
    assessment = assess(answers(onset="sudden", last_known_well=CLOCK - timedelta(hours=2)), now=CLOCK)
    (fact,) = [reason for reason in assessment.reasons if reason.startswith("Last known well")]
    assert fact.startswith("Last known well at 2 Mar 2026 12:00:")
    assert "ago" not in fact and "closes" not in fact


def test_without_a_time_last_known_well_the_engine_asks_for_it_and_still_says_call_999() -> None:
    assessment = assess(answers(onset="sudden"), now=CLOCK)
    assert mentions(assessment, "Ask when the person was last known to be well")
    assert mentions(assessment, "call 999 now")


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=24 * 30))
def test_no_time_since_last_known_well_is_ever_called_too_late(hours: float) -> None:
    assessment = assess(answers(onset="sudden", last_known_well=CLOCK - timedelta(hours=hours)), now=CLOCK)
    assert not any("too late" in reason and "never" not in reason for reason in assessment.reasons)
    # Within a week the stroke pathway is open and shows the clock; beyond it, settled, it is urgent (rule 12).
    assert mentions(assessment, "Last known well") == (hours <= 24 * 7)


def test_a_time_last_known_well_without_a_timezone_is_not_read() -> None:
    naive = datetime(2026, 3, 2, 12, 0)  # noqa: DTZ001 - the engine must ignore a clock time without a zone
    assert mentions(assess(answers(onset="sudden", last_known_well=naive), now=CLOCK), "Ask when")


# --- The contract's shape. ---


def test_constants_match_the_intake_form() -> None:
    assert RED_FLAGS == (
        "stroke_signs",
        "bladder_bowel",
        "saddle_numbness",
        "ascending_weakness",
        "compartment_signs",
        "spinal_trauma",
        "fever_back_pain",
        "cancer_back_pain",
        "recent_leg_injury",
        "anticoagulant_pain",
    )
    assert len(HISTORY) == 14 and HISTORY[0] == "back_pain_radiating" and HISTORY[-1] == "spinal_procedure"
    assert DISPOSITIONS == ("emergency", "urgent", "routine")
    assert len(LEVELS) == 9 and "unknown" in LEVELS


def test_the_assessment_and_its_referrals_store_as_json() -> None:
    assessment = assess(answers(onset="sudden", bladder_bowel=True))
    stored = json.loads(json.dumps(asdict(assessment)))
    assert stored["disposition"] == "emergency"
    assert {"suspect", "destination", "timeframe"} <= set(stored["referrals"][0])
    assert stored["referrals"][0]["rule"] == "one_first_action"
    assert stored["reasons"] == list(assessment.reasons)
    assert stored["rules_fired"] == list(assessment.rules_fired)


def test_the_assessment_is_frozen() -> None:
    assessment = assess(answers())
    with pytest.raises(FrozenInstanceError):
        assessment.disposition = "routine"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        Referral("stroke", "999", "Now").destination = "home"  # type: ignore[misc]


def test_identity_and_notes_do_not_change_triage() -> None:
    plain = answers(**PERONEAL_EXAM)
    named = plain | {"patient_name": "Ann Stroke", "date_of_birth": "1950-02-03", "notes": "sudden? cauda equina?"}
    assert assess(named) == assess(plain)


@pytest.mark.parametrize("blank", [None, "", "not_tested"])
def test_blank_and_not_tested_answers_mean_not_asked(blank: Any) -> None:
    examined = answers(dorsiflexion_mrc=3, **dict.fromkeys(CHOICE_VALUES.keys() - BASE.keys(), blank))
    assert assess(examined) == assess(answers(dorsiflexion_mrc=3))


def test_unexpected_values_do_not_crash_and_err_on_the_safe_side() -> None:
    odd = {"dorsiflexion_mrc": "abc", "eversion_mrc": 9, "inversion_mrc": -1, "hip_abduction_mrc": True}
    assert assess(answers(**odd, ankle_reflex="wobbly")).level == "unknown"
    assert assess(answers(onset="yesterday")).disposition == "urgent"
    assert assess(answers(fever_back_pain="yes")).disposition == "emergency"
    assert assess(answers(fever_back_pain="false")).disposition != "emergency"
    assert assess(answers(inversion_mrc="3", **{"dorsiflexion_mrc": "2"})).level == "nerve_root"
    assert assess(answers(onset="sudden", last_known_well="this morning")).disposition == "emergency"


def test_history_does_not_override_the_examination() -> None:
    assessment = assess(answers(back_pain_radiating=True, **PERONEAL_EXAM))
    assert assessment.level == "peroneal"
    assert not mentions(assessment, "No localising examination finding")


def test_an_unknown_level_says_what_to_examine() -> None:
    assessment = assess(answers(dorsiflexion_mrc=3))
    assert assessment.level == "unknown"
    assert mentions(assessment, "test them to tell the L5 root from the peroneal nerve")
    assert mentions(assess(answers()), "Nothing recorded points to a level")
    assert mentions(assess(answers(dorsiflexion_mrc=5)), "The examination found no weakness")


def test_known_parkinsons_disease_without_a_peripheral_pattern_points_to_a_central_cause() -> None:
    assert assess(answers(known_parkinsons=True, diabetes=True)).level == "central"
    assert assess(answers(known_parkinsons=True, **PERONEAL_EXAM)).level == "peroneal"


@pytest.mark.parametrize(
    "exam",
    [
        {"hip_abduction_mrc": 3, "knee_flexion_mrc": 4},
        {"hip_abduction_mrc": 3, "knee_reflex": "absent"},
        {"hip_abduction_mrc": 4, "knee_flexion_mrc": 3, "sensory_loss": "lateral_calf_and_dorsum"},
        {"anticoagulant_pain": True},
    ],
)
def test_both_legs_are_never_one_plexus(exam: dict[str, Any]) -> None:
    assert assess(answers(side="left", **exam)).level == "plexus"
    assert assess(answers(side="both", **exam)).level != "plexus"


# --- Exhaustive safety grid: 10 red flags x 6 onsets x 4 courses x 6 examinations. ---

MISSING = object()
ONSETS = (*CHOICE_VALUES["onset"], MISSING)
COURSES = (*CHOICE_VALUES["course"], MISSING)
EMERGENCY_RULES = {name for name, rule in RULES_BY_NAME.items() if rule.least == "emergency"}


def _grid_answers(flags: tuple[bool, ...], onset: Any, course: Any, exam: dict[str, Any]) -> dict[str, Any]:
    grid = {"side": "left", **exam, **dict(zip(RED_FLAGS, flags, strict=True))}
    grid.update({key: value for key, value in (("onset", onset), ("course", course)) if value is not MISSING})
    return grid


def _safety_violations(grid: dict[str, Any], assessment: Assessment) -> list[str]:
    flagged = {flag for flag in RED_FLAGS if grid[flag]}
    emergency = assessment.disposition == "emergency"
    suspects = {referral.suspect for referral in assessment.referrals}
    injured = bool(flagged & {"recent_leg_injury", "compartment_signs", "spinal_trauma"})
    central = grid.get("knee_reflex") == "brisk" or grid.get("babinski") == "present"
    stroke_expected = (
        "stroke_signs" in flagged
        or (grid.get("onset") in ("sudden", "on_waking") and not injured)
        # Rule 13: onset not known with an upper motor neuron sign.
        or (grid.get("onset") in ("unknown", None) and central)
    )
    checks = {
        "sudden, on waking or a red flag is an emergency": emergency
        or not (flagged or grid.get("onset") in ("sudden", "on_waking")),
        "every emergency comes from a named emergency rule": emergency
        == bool(EMERGENCY_RULES & set(assessment.rules_fired)),
        "every red flag's pathway is referred": {RED_FLAG_PATHWAYS[flag].suspect for flag in flagged} <= suspects,
        "the stroke pathway exactly when sudden and unexplained, central signs of unknown onset, or stroke signs": (
            "stroke" in suspects
        )
        == stroke_expected,
        "several pathways lead with one call to 999": len(suspects) < 3
        or assessment.referrals[0].destination.startswith("Call 999"),
        "unknown, missing or days onset not routine": grid.get("onset", "unknown") not in ("unknown", "days")
        or assessment.disposition != "routine",
        "worsening not routine": grid.get("course") != "worsening" or assessment.disposition != "routine",
        "not asked is not no": ("red_flags_not_asked" in assessment.rules_fired)
        == any(grid.get(flag) is None for flag in RED_FLAGS),
        "valid disposition and level": assessment.disposition in DISPOSITIONS and assessment.level in LEVELS,
    }
    return [name for name, passed in checks.items() if not passed]


def test_the_safety_rules_hold_on_every_combination_of_red_flags_onsets_courses_and_examinations() -> None:
    failures = []
    for flags, onset, course, exam in itertools.product(
        itertools.product((False, True), repeat=len(RED_FLAGS)), ONSETS, COURSES, EXAM_PROFILES.values()
    ):
        grid = _grid_answers(flags, onset, course, exam)
        failures += [(grid, name) for name in _safety_violations(grid, assess(grid, now=CLOCK))]
    assert failures[:5] == []


@pytest.mark.parametrize("flag", RED_FLAGS)
@pytest.mark.parametrize("onset", CHOICE_VALUES["onset"])
@pytest.mark.parametrize("exam", EXAM_PROFILES.values(), ids=list(EXAM_PROFILES))
def test_a_red_flag_not_asked_is_never_read_as_no(flag: str, onset: str, exam: dict[str, Any]) -> None:
    asked_no = answers(onset=onset, **exam | NO_RED_FLAGS)
    not_asked = asked_no | {flag: None}
    assert SEVERITY[assess(not_asked).disposition] >= SEVERITY[assess(asked_no).disposition]
    assert "red_flags_not_asked" in assess(not_asked).rules_fired
    assert "red_flags_not_asked" not in assess(asked_no).rules_fired


# --- Properties over random partial answers, including missing keys, None and "". ---

NOT_ASKED = st.sampled_from([None, ""])


def _answer_strategy(field: str, emergency_free: bool) -> st.SearchStrategy[Any]:
    if field in RED_FLAGS:
        return st.sampled_from([False, None, ""] if emergency_free else [True, False, False, None, ""])
    if field in HISTORY:
        return st.one_of(st.booleans(), NOT_ASKED)
    if field in MUSCLES:
        return st.one_of(st.integers(min_value=0, max_value=5), NOT_ASKED)
    if field == "last_known_well":
        # Up to 30 days: within 24 hours, between 24 hours and 7 days, and beyond a week (rule 12).
        return st.one_of(NOT_ASKED, st.integers(min_value=0, max_value=720).map(lambda h: CLOCK - timedelta(hours=h)))
    if emergency_free and field == "onset":
        # Onsets that leave room for a routine result, where a lowered disposition would show.
        return st.sampled_from(["days", "gradual", "lifelong"])
    return st.one_of(st.sampled_from(CHOICE_VALUES[field]), NOT_ASKED)


def intake_answers(emergency_free: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Any partial intake: each field may be missing, None, "" or a valid answer.

    With emergency_free, no red flag is answered yes and the onset is days, gradual or lifelong.
    """
    fields = (*RED_FLAGS, *HISTORY, *MUSCLES, *CHOICE_VALUES, "last_known_well")
    strategies = {field: _answer_strategy(field, emergency_free) for field in fields}
    required = {"onset": strategies.pop("onset")} if emergency_free else {}
    return st.fixed_dictionaries(required, optional=strategies)


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_sudden_onset_or_any_red_flag_is_always_an_emergency(intake: dict[str, Any]) -> None:
    """Rule 12 states the exception precisely: a sudden or on-waking onset the clock puts more than 7 days ago,
    with a stable or improving course, is at least urgent; every other sudden onset and every red flag is an
    emergency."""
    disposition = assess(intake, now=CLOCK).disposition
    if any(intake.get(flag) is True for flag in RED_FLAGS):
        assert disposition == "emergency"
    if intake.get("onset") in ("sudden", "on_waking"):
        well = intake.get("last_known_well")
        old = isinstance(well, datetime) and CLOCK - well > timedelta(days=7)
        settled = old and intake.get("course") in SETTLED
        assert disposition == "emergency" or (settled and disposition == "urgent")


@settings(max_examples=500, deadline=None)
@given(intake_answers(), st.integers(min_value=0, max_value=24 * 60))
def test_a_clock_lowers_a_disposition_only_for_a_settled_sudden_onset_over_a_week_old(
    intake: dict[str, Any], hours: int
) -> None:
    """Rule 12, stated precisely: recording when the person was last known well never lowers the disposition,
    except that a sudden or on-waking onset more than 7 days ago with a stable or improving course goes from
    emergency to urgent, or to routine when a known condition explains the old findings (rule 17); and a clock
    within 24 hours never lowers anything."""
    without = {key: value for key, value in intake.items() if key != "last_known_well"}
    before = SEVERITY[assess(without, now=CLOCK).disposition]
    timed = assess(without | {"last_known_well": CLOCK - timedelta(hours=hours)}, now=CLOCK)
    after = SEVERITY[timed.disposition]
    if after < before:
        assert hours > 24 * 7 and intake.get("onset") in ("sudden", "on_waking") and intake.get("course") in SETTLED
        assert after == SEVERITY["urgent"] or "known_cause_explains_old_findings" in timed.rules_fired


def test_rule_17_a_known_cause_explains_a_sudden_onset_only_once_the_clock_is_over_a_week_old() -> None:
    old_stroke = answers(onset="sudden", previous_stroke=True, babinski="present", course="stable")
    for days, disposition in ((400, "routine"), (8, "routine"), (6, "emergency"), (0.5, "emergency")):
        timed = old_stroke | {"last_known_well": CLOCK - timedelta(days=days)}
        assert assess(timed, now=CLOCK).disposition == disposition, days
    assert assess(old_stroke, now=CLOCK).disposition == "emergency"  # no clock: a new stroke until shown otherwise
    assert (
        assess(
            old_stroke | {"course": "worsening", "last_known_well": CLOCK - timedelta(days=400)}, now=CLOCK
        ).disposition
        == "emergency"
    )


@settings(max_examples=500, deadline=None)
@given(intake_answers(), st.integers(min_value=0, max_value=720), st.integers(min_value=0, max_value=720))
def test_an_older_clock_is_never_more_urgent_than_a_newer_one(intake: dict[str, Any], early: int, late: int) -> None:
    newer, older = sorted((early, late))
    at = {
        hours: assess(intake | {"last_known_well": CLOCK - timedelta(hours=hours)}, now=CLOCK)
        for hours in (newer, older)
    }
    assert SEVERITY[at[newer].disposition] >= SEVERITY[at[older].disposition]


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_unknown_missing_or_days_onset_and_a_worsening_course_are_never_routine(intake: dict[str, Any]) -> None:
    """Onset over days may be routine only as a compressive peroneal palsy (rule 16), and a worsening course only
    as slow change over years in a lifelong hereditary neuropathy (rule 18)."""
    assessment = assess(intake, now=CLOCK)
    routine = assessment.disposition == "routine"
    if intake.get("onset") in (None, "", "unknown"):
        assert not routine
    if intake.get("onset") == "days":
        assert not routine or "compressive_peroneal_palsy" in assessment.rules_fired
    if intake.get("course") == "worsening":
        assert not routine or "slow_hereditary_change" in assessment.rules_fired


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_every_assessment_is_well_formed_and_every_emergency_has_reasons_and_a_referral(
    intake: dict[str, Any],
) -> None:
    assessment = assess(intake, now=CLOCK)
    assert assessment.disposition in DISPOSITIONS and assessment.level in LEVELS
    assert assessment.reasons and all(reason.endswith(".") for reason in assessment.reasons)
    assert set(assessment.rules_fired) <= set(RULES_BY_NAME)
    assert bool(assessment.referrals) == (assessment.disposition == "emergency")
    if len(assessment.referrals) > 1:
        assert assessment.referrals[0].destination.startswith("Call 999")
    assert all(referral.destination.split()[0] in FIRST_ACTION_VERBS for referral in assessment.referrals)
    json.dumps(asdict(assessment))


@settings(max_examples=500, deadline=None)
@given(intake_answers(), st.sampled_from(sorted(RED_FLAGS)), intake_answers(emergency_free=True))
def test_nothing_in_the_history_or_examination_lowers_an_emergency(
    intake: dict[str, Any], flag: str, other: dict[str, Any]
) -> None:
    history_and_exam = {field: value for field, value in other.items() if field not in RED_FLAGS + ("onset",)}
    assert assess(intake | history_and_exam | {flag: True}).disposition == "emergency"


@settings(max_examples=500, deadline=None)
@given(st.one_of(intake_answers(), intake_answers(emergency_free=True)))
def test_removing_an_answer_never_triages_lower_than_a_normal_answer(intake: dict[str, Any]) -> None:
    for field, normal_answers in NORMAL_ANSWERS.items():
        without = {key: value for key, value in intake.items() if key != field}
        not_asked = SEVERITY[assess(without, now=CLOCK).disposition]
        for normal in normal_answers:
            assert not_asked >= SEVERITY[assess(without | {field: normal}, now=CLOCK).disposition], (field, normal)


@settings(max_examples=500, deadline=None)
@given(intake_answers(), st.sampled_from(sorted(NORMAL_ANSWERS)))
def test_a_missing_key_none_and_an_empty_string_are_the_same_answer(intake: dict[str, Any], field: str) -> None:
    without = {key: value for key, value in intake.items() if key != field}
    assert (
        assess(without, now=CLOCK)
        == assess(without | {field: None}, now=CLOCK)
        == assess(without | {field: ""}, now=CLOCK)
    )


# --- Ranking the suspected causes. ---

CAUSES = load_causes()


def _cause(name: str, **fields: Any) -> SimpleNamespace:
    values = {
        "slug": name.lower(),
        "level": "peroneal",
        "onset": "days",
        "usual_side": "one",
        "urgency": "routine",
        "prevalence": "uncommon",
        "risk_factors": [],
    }
    return SimpleNamespace(name=name, **values | fields)


def _ranked(intake: dict[str, Any], causes: list[Any], limit: int = 5) -> list[str]:
    return [cause.name for cause in rank_causes(intake, assess(intake), causes, limit=limit)]


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_ranking_is_display_only_and_returns_at_most_the_limit(intake: dict[str, Any]) -> None:
    assessment = assess(intake, now=CLOCK)
    ranked = rank_causes(intake, assessment, CAUSES, limit=5)
    assert assess(intake, now=CLOCK) == assessment
    assert len(ranked) <= 5 and len({cause.slug for cause in ranked}) == len(ranked)
    if "too_little_information" in assessment.rules_fired:
        assert ranked == []


def test_the_seed_encyclopedia_has_all_eighteen_causes() -> None:
    assert len(CAUSES) == 18
    assert {cause.level for cause in CAUSES} <= {"brain", *LEVELS} - {"central", "unknown"}


def test_score_weights_live_in_one_dict() -> None:
    assert set(SCORE_WEIGHTS) == {
        "level",
        "risk_factor",
        "red_flag_risk_factor",
        "pathway",
        "onset",
        "side",
        "side_either",
    }
    assert SCORE_WEIGHTS["red_flag_risk_factor"] > SCORE_WEIGHTS["level"] > SCORE_WEIGHTS["risk_factor"]


def test_ties_go_to_the_commoner_cause_then_by_name_and_the_limit_holds() -> None:
    causes = [_cause("Zeta", prevalence="rare"), _cause("Alpha"), _cause("Mu", prevalence="common"), _cause("Beta")]
    intake = answers(**PERONEAL_EXAM)
    assert _ranked(intake, causes) == ["Mu", "Alpha", "Beta", "Zeta"]
    assert _ranked(intake, causes, limit=2) == ["Mu", "Alpha"]
    assert _ranked(intake, causes, limit=0) == []


def test_causes_matching_only_the_onset_or_side_are_left_out() -> None:
    unrelated = _cause("Unrelated", level="muscle", onset="gradual", usual_side="one")
    assert _ranked(answers(**PERONEAL_EXAM), [unrelated]) == []


def test_with_too_little_information_nothing_is_ranked() -> None:
    assert _ranked(answers(onset="unknown", side="right"), CAUSES) == []


def test_an_emergency_only_cause_is_never_ranked_without_the_answer_that_points_to_it() -> None:
    compartment = _cause(
        "Compartment", level="muscle", urgency="emergency", risk_factors=["compartment_signs", "cast_or_tight_brace"]
    )
    muscle = answers(**BOTH_LEGS_WEAK)
    assert _ranked(muscle, [compartment]) == []
    assert _ranked(muscle | {"cast_or_tight_brace": True}, [compartment]) == []
    assert _ranked(muscle | {"compartment_signs": True}, [compartment]) == ["Compartment"]


def test_a_non_emergency_l5_intake_never_ranks_cauda_equina_from_back_pain_alone() -> None:
    intake = answers(onset="days", back_pain_radiating=True, **PERONEAL_EXAM | {"inversion_mrc": 3})
    assessment = assess(intake)
    assert assessment.disposition != "emergency"
    assert "cauda-equina-syndrome" not in [cause.slug for cause in rank_causes(intake, assessment, CAUSES)]


def test_a_central_level_matches_brain_and_spinal_cord_causes_and_the_cord_wins_with_cord_clues() -> None:
    brain, cord = _cause("Brain", level="brain"), _cause("Cord", level="spinal_cord")
    assert set(_ranked(answers(babinski="present"), [brain, cord])) == {"Brain", "Cord"}
    assert _ranked(answers(babinski="present", spinal_trauma=True), [brain, cord]) == ["Cord"]


def test_a_cause_on_either_side_ranks_below_a_one_sided_cause_for_one_leg() -> None:
    one, either = _cause("Zed", usual_side="one"), _cause("Either", usual_side="either")
    assert _ranked(answers(**PERONEAL_EXAM), [either, one]) == ["Zed", "Either"]


def test_a_red_flag_risk_factor_lifts_its_cause_to_the_top() -> None:
    intake = answers(ascending_weakness=True, side="both", onset="days")
    assert rank_causes(intake, assess(intake), CAUSES)[0].slug == "guillain-barre-syndrome"


def test_an_emergency_pathway_puts_its_cause_in_the_ranking() -> None:
    intake = answers(onset="sudden")
    assert rank_causes(intake, assess(intake), CAUSES)[0].slug == "stroke"


# --- Clinical cases. ---


REVISED_RULE_CLASSES = (
    "guillain_barre_pattern",
    "spinal_cord_pattern",
    "possible_recent_leg_injury",
    "red_flag_recent_leg_injury",
    "red_flag_anticoagulant_pain",
    "sudden_onset_after_injury",
    "one_first_action",
    "last_known_well",
    "whole_spine_scan",
    "lumbar_spine_scan",
    "onset_over_days",
    "severe_weakness_urgent",
    "known_cause_explains_old_findings",
    "parkinsons_central",
    "level_both_legs_cauda_equina",
    "level_both_legs_guillain_barre",
    "red_flags_not_asked",
    "too_little_information",
)


def test_the_clinical_cases_cover_every_cause_and_fire_each_revised_rule_at_least_twice() -> None:
    assert len(CASES) >= 45
    assert {case.cause for case in CASES} - {None} == {cause.slug for cause in CAUSES}
    fired = [set(assess(case.answers, now=CLOCK).rules_fired) for case in CASES]
    assert {rule: sum(rule in rules for rules in fired) for rule in REVISED_RULE_CLASSES} == {
        rule: max(2, sum(rule in rules for rules in fired)) for rule in REVISED_RULE_CLASSES
    }


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_clinical_case_is_localised_to_its_expected_level(case: Any) -> None:
    assert assess(case.answers, now=CLOCK).level == case.level


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_clinical_case_gets_its_expected_disposition(case: Any) -> None:
    assert assess(case.answers, now=CLOCK).disposition == case.disposition


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_clinical_case_has_its_expected_cause_in_the_top_three(case: Any) -> None:
    assessment = assess(case.answers, now=CLOCK)
    top_three = [cause.slug for cause in rank_causes(case.answers, assessment, CAUSES, limit=3)]
    if case.cause is None:
        assert top_three == []
    else:
        assert case.cause in top_three
    assert not set(case.not_causes) & set(top_three)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_clinical_case_fires_its_rules_and_leads_with_the_right_first_action(case: Any) -> None:
    assessment = assess(case.answers, now=CLOCK)
    assert set(case.rules) <= set(assessment.rules_fired)
    assert not set(case.not_rules) & set(assessment.rules_fired)
    if case.first_action:
        first = assessment.referrals[0]
        assert case.first_action in f"{first.destination} {first.timeframe}"
    if case.scan:
        assert any(case.scan in referral.scan for referral in assessment.referrals)
