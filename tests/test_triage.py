"""The triage engine: a rule table, an exhaustive safety grid, properties and clinical cases.

Pure Python: no database and no Django fixture, so this file runs with `-p no:django`.
"""

import itertools
import json
from dataclasses import FrozenInstanceError, asdict, dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.triage import (
    DISPOSITIONS,
    HISTORY,
    LEVELS,
    MUSCLES,
    RED_FLAG_PATHWAYS,
    RED_FLAGS,
    SCORE_WEIGHTS,
    STROKE_PATHWAY,
    Assessment,
    Referral,
    assess,
    rank_causes,
    score_cause,
)
from tests.clinical_cases import CASES, load_causes

SEVERITY = {"routine": 0, "urgent": 1, "emergency": 2}
BASE = {"side": "left", "onset": "gradual", "course": "stable"}
PERONEAL_EXAM = {
    "dorsiflexion_mrc": 3,
    "eversion_mrc": 3,
    "inversion_mrc": 5,
    "hip_abduction_mrc": 5,
    "knee_flexion_mrc": 5,
}
REFLEXES = ("normal", "reduced", "absent", "brisk", "not_tested")
CHOICE_VALUES = {
    "side": ("left", "right", "both"),
    "onset": ("sudden", "days", "gradual", "lifelong", "unknown"),
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
    "fibular_tinel": ("no",),
}
EXAM_PROFILES = {
    "not examined": {},
    "normal": {**{muscle: 5 for muscle in MUSCLES}, "ankle_reflex": "normal", "babinski": "absent"},
    "peroneal": {**PERONEAL_EXAM, "sensory_loss": "dorsum_foot", "fibular_tinel": "yes"},
    "polyneuropathy": {"side": "both", "dorsiflexion_mrc": 4, "ankle_reflex": "absent", "sensory_loss": "stocking"},
}


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
    "fever_back_pain": "suspect a spinal abscess",
    "cancer_back_pain": "suspect metastatic spinal cord compression",
}
ANTERIOR_HORN = {"dorsiflexion_mrc": 3, "knee_reflex": "brisk", "ankle_reflex": "absent", "sensory_loss": "none"}
BOTH_LEGS_WEAK = {"side": "both", "dorsiflexion_mrc": 3, "ankle_reflex": "reduced", "sensory_loss": "none"}

RULES = [
    Rule("sudden onset", answers(onset="sudden"), answers(onset="days"), "Onset was sudden", "emergency", "routine"),
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
        answers(dorsiflexion_mrc=2, knee_flexion_mrc=3, hip_abduction_mrc=5),
        answers(**PERONEAL_EXAM),
        "The level is the sciatic nerve",
        "urgent",
        "routine",
        "sciatic",
        "peroneal",
    ),
    Rule(
        "plexus level is urgent",
        answers(dorsiflexion_mrc=3, inversion_mrc=3, hip_abduction_mrc=3, knee_flexion_mrc=4),
        answers(dorsiflexion_mrc=3, inversion_mrc=3, hip_abduction_mrc=3, knee_flexion_mrc=5),
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
        "both legs over days",
        answers(side="both", onset="days"),
        answers(side="both", onset="gradual"),
        "Both legs are affected and onset was over days",
        "urgent",
        "routine",
    ),
    Rule(
        "one leg over days is not the both-legs rule",
        answers(side="both", onset="days"),
        answers(side="right", onset="days"),
        "Guillain-Barré syndrome or spinal cord compression",
        "urgent",
        "routine",
    ),
    Rule(
        "side not recorded over days",
        {"onset": "days", "course": "stable"},
        {"onset": "days", "course": "stable", "side": "right"},
        "The side was not recorded",
        "urgent",
        "routine",
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
        answers(dorsiflexion_mrc=3, babinski="present"),
        answers(dorsiflexion_mrc=3, babinski="absent"),
        "Babinski sign is present: upper motor neuron signs",
        "urgent",
        "routine",
        "central",
        "unknown",
    ),
    Rule(
        "brisk ankle reflex",
        answers(dorsiflexion_mrc=3, ankle_reflex="brisk"),
        answers(dorsiflexion_mrc=3, ankle_reflex="normal"),
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
        answers(previous_stroke=True, babinski="present"),
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
        answers(dorsiflexion_mrc=2, knee_flexion_mrc=4),
        answers(dorsiflexion_mrc=2, knee_flexion_mrc=5),
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
        answers(dorsiflexion_mrc=3, eversion_mrc=3),
        "points to the common peroneal nerve",
        "routine",
        "routine",
        "peroneal",
        "unknown",
    ),
    Rule(
        "peroneal from a Tinel sign when inversion is untested",
        answers(dorsiflexion_mrc=2, fibular_tinel="yes"),
        answers(dorsiflexion_mrc=2, fibular_tinel="no"),
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
            answers(dorsiflexion_mrc=3, **{clue: True}),
            answers(dorsiflexion_mrc=3, **{clue: False}),
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
            ("known_ms", "central", "urgent"),
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
        "a routine clinic appointment is appropriate",
        "routine",
        "urgent",
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_each_rule_fires_on_its_case(rule: Rule) -> None:
    assessment = assess(rule.fires)
    assert assessment.disposition == rule.disposition
    assert rule.level is None or assessment.level == rule.level
    assert mentions(assessment, rule.fragment), assessment.reasons


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_each_near_miss_does_not_fire_its_rule(rule: Rule) -> None:
    assessment = assess(rule.near_miss)
    assert assessment.disposition == rule.near_miss_disposition
    assert rule.near_miss_level is None or assessment.level == rule.near_miss_level
    assert not mentions(assessment, rule.fragment), assessment.reasons


# --- Emergencies and their referrals. ---


def test_sudden_onset_is_an_emergency() -> None:
    assessment = assess(answers(onset="sudden"))
    assert assessment.is_emergency
    assert assessment.referrals == (Referral("onset", *STROKE_PATHWAY),)


def test_the_stroke_referral_says_where_and_how_fast() -> None:
    (referral,) = assess(answers(onset="sudden")).referrals
    assert referral.destination == "Call the emergency number for an ambulance to a hyperacute stroke unit"
    assert referral.timeframe == "Now: clot-busting treatment is only possible within 4.5 hours of onset"
    assert referral.suspect == "stroke"


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_each_red_flag_opens_its_own_referral(flag: str) -> None:
    (referral,) = assess(answers(**{flag: True})).referrals
    assert referral == Referral(flag, *RED_FLAG_PATHWAYS[flag])
    assert referral.destination and referral.timeframe.startswith("Now")


def test_bladder_trouble_and_saddle_numbness_share_one_cauda_equina_referral() -> None:
    (referral,) = assess(answers(bladder_bowel=True, saddle_numbness=True)).referrals
    assert referral.trigger == "bladder_bowel, saddle_numbness"
    assert referral.triggers == ("bladder_bowel", "saddle_numbness")
    assert referral.suspect == "cauda equina syndrome"


def test_sudden_onset_and_stroke_signs_share_one_stroke_referral() -> None:
    (referral,) = assess(answers(onset="sudden", stroke_signs=True)).referrals
    assert referral.triggers == ("onset", "stroke_signs")


def test_every_trigger_at_once_gives_one_referral_per_pathway_with_the_stroke_pathway_first() -> None:
    assessment = assess(answers(onset="sudden", **dict.fromkeys(RED_FLAGS, True)))
    assert len(assessment.referrals) == 7
    assert assessment.referrals[0].triggers == ("onset", "stroke_signs")
    fired = [field for referral in assessment.referrals for field in referral.triggers]
    assert fired == ["onset", *RED_FLAGS]


def test_non_emergencies_have_no_referrals() -> None:
    assert assess(answers(course="worsening", onset="unknown")).referrals == ()
    assert assess(answers()).referrals == ()


def test_examination_cannot_turn_off_an_emergency() -> None:
    healthy = EXAM_PROFILES["normal"] | {"sensory_loss": "none", "knee_reflex": "normal", "course": "improving"}
    assert assess(answers(cancer_back_pain=True, **healthy)).is_emergency


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
    )
    assert len(HISTORY) == 12 and HISTORY[0] == "back_pain_radiating" and HISTORY[-1] == "high_arches"
    assert DISPOSITIONS == ("emergency", "urgent", "routine")
    assert len(LEVELS) == 9 and "unknown" in LEVELS


def test_the_assessment_and_its_referrals_store_as_json() -> None:
    assessment = assess(answers(onset="sudden", bladder_bowel=True))
    stored = json.loads(json.dumps(asdict(assessment)))
    assert stored["disposition"] == "emergency"
    assert stored["referrals"][1]["trigger"] == "bladder_bowel"
    assert stored["reasons"] == list(assessment.reasons)


def test_the_assessment_is_frozen() -> None:
    assessment = assess(answers())
    with pytest.raises(FrozenInstanceError):
        assessment.disposition = "routine"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        Referral("onset", *STROKE_PATHWAY).destination = "home"  # type: ignore[misc]


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
    assert assess(answers(fever_back_pain="yes")).is_emergency
    assert not assess(answers(fever_back_pain="false")).is_emergency
    assert assess(answers(inversion_mrc="3", **{"dorsiflexion_mrc": "2"})).level == "nerve_root"


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


def test_parkinsons_disease_alone_does_not_guess_a_level() -> None:
    assert assess(answers(known_parkinsons=True, previous_stroke=True, diabetes=True)).level == "unknown"


# --- Exhaustive safety grid: 8 red flags x 6 onsets x 4 courses x 4 examinations. ---

MISSING = object()
ONSETS = (*CHOICE_VALUES["onset"], MISSING)
COURSES = (*CHOICE_VALUES["course"], MISSING)


def _grid_answers(flags: tuple[bool, ...], onset: Any, course: Any, exam: dict[str, Any]) -> dict[str, Any]:
    grid = {"side": "left", **exam, **dict(zip(RED_FLAGS, flags, strict=True))}
    grid.update({key: value for key, value in (("onset", onset), ("course", course)) if value is not MISSING})
    return grid


def _safety_violations(grid: dict[str, Any], assessment: Assessment) -> list[str]:
    fired = {flag for flag in RED_FLAGS if grid[flag]} | ({"onset"} if grid.get("onset") == "sudden" else set())
    referred = {field for referral in assessment.referrals for field in referral.triggers}
    checks = {
        "emergency exactly when sudden or a red flag": assessment.is_emergency == bool(fired),
        "every trigger referred": referred == fired,
        "unknown or missing onset not routine": grid.get("onset", "unknown") != "unknown"
        or assessment.disposition != "routine",
        "worsening not routine": grid.get("course") != "worsening" or assessment.disposition != "routine",
        "emergency has reasons": not assessment.is_emergency or len(assessment.reasons) >= len(fired),
        "valid disposition and level": assessment.disposition in DISPOSITIONS and assessment.level in LEVELS,
    }
    return [name for name, passed in checks.items() if not passed]


def test_the_safety_rules_hold_on_every_combination_of_red_flags_onsets_and_courses() -> None:
    failures = []
    for flags, onset, course, exam in itertools.product(
        itertools.product((False, True), repeat=len(RED_FLAGS)), ONSETS, COURSES, EXAM_PROFILES.values()
    ):
        grid = _grid_answers(flags, onset, course, exam)
        failures += [(grid, name) for name in _safety_violations(grid, assess(grid))]
    assert failures == []


# --- Properties over random partial answers, including missing keys, None and "". ---

NOT_ASKED = st.sampled_from([None, ""])


def _answer_strategy(field: str, emergency_free: bool) -> st.SearchStrategy[Any]:
    if field in RED_FLAGS:
        return st.sampled_from([False, None, ""] if emergency_free else [True, False, False, None, ""])
    if field in HISTORY:
        return st.one_of(st.booleans(), NOT_ASKED)
    if field in MUSCLES:
        return st.one_of(st.integers(min_value=0, max_value=5), NOT_ASKED)
    if emergency_free and field == "onset":
        # Onsets that leave room for a routine result, where a lowered disposition would show.
        return st.sampled_from(["days", "gradual", "lifelong"])
    return st.one_of(st.sampled_from(CHOICE_VALUES[field]), NOT_ASKED)


def intake_answers(emergency_free: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Any partial intake: each field may be missing, None, "" or a valid answer.

    With emergency_free, no red flag is ticked and the onset is days, gradual or lifelong.
    """
    fields = (*RED_FLAGS, *HISTORY, *MUSCLES, *CHOICE_VALUES)
    strategies = {field: _answer_strategy(field, emergency_free) for field in fields}
    required = {"onset": strategies.pop("onset")} if emergency_free else {}
    return st.fixed_dictionaries(required, optional=strategies)


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_sudden_onset_or_any_red_flag_is_always_an_emergency_and_nothing_else_is(intake: dict[str, Any]) -> None:
    flagged = intake.get("onset") == "sudden" or any(intake.get(flag) is True for flag in RED_FLAGS)
    assert assess(intake).is_emergency == flagged


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_unknown_or_missing_onset_and_a_worsening_course_are_never_routine(intake: dict[str, Any]) -> None:
    assessment = assess(intake)
    if intake.get("onset") in (None, "", "unknown") or intake.get("course") == "worsening":
        assert assessment.disposition != "routine"


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_every_assessment_is_well_formed_and_every_emergency_has_reasons_and_a_referral(
    intake: dict[str, Any],
) -> None:
    assessment = assess(intake)
    assert assessment.disposition in DISPOSITIONS and assessment.level in LEVELS
    assert assessment.reasons and all(reason.endswith(".") for reason in assessment.reasons)
    assert bool(assessment.referrals) == assessment.is_emergency
    json.dumps(asdict(assessment))


@settings(max_examples=500, deadline=None)
@given(intake_answers(), st.sampled_from(sorted(RED_FLAGS)), intake_answers(emergency_free=True))
def test_nothing_in_the_history_or_examination_lowers_an_emergency(
    intake: dict[str, Any], flag: str, other: dict[str, Any]
) -> None:
    history_and_exam = {field: value for field, value in other.items() if field not in RED_FLAGS + ("onset",)}
    assert assess(intake | history_and_exam | {flag: True}).is_emergency


@settings(max_examples=500, deadline=None)
@given(st.one_of(intake_answers(), intake_answers(emergency_free=True)))
def test_removing_an_answer_never_triages_lower_than_a_normal_answer(intake: dict[str, Any]) -> None:
    for field, normal_answers in NORMAL_ANSWERS.items():
        without = {key: value for key, value in intake.items() if key != field}
        not_asked = SEVERITY[assess(without).disposition]
        for normal in normal_answers:
            assert not_asked >= SEVERITY[assess(without | {field: normal}).disposition], (field, normal)


@settings(max_examples=500, deadline=None)
@given(intake_answers(), st.sampled_from(sorted(NORMAL_ANSWERS)))
def test_a_missing_key_none_and_an_empty_string_are_the_same_answer(intake: dict[str, Any], field: str) -> None:
    without = {key: value for key, value in intake.items() if key != field}
    assert assess(without) == assess(without | {field: None}) == assess(without | {field: ""})


# --- Ranking the suspected causes. ---

CAUSES = load_causes()


def _cause(name: str, **fields: Any) -> SimpleNamespace:
    values = {"slug": name.lower(), "level": "peroneal", "onset": "days", "usual_side": "one", "risk_factors": []}
    return SimpleNamespace(name=name, **values | fields)


@settings(max_examples=500, deadline=None)
@given(intake_answers())
def test_ranking_is_display_only_and_returns_the_best_few_positive_scores(intake: dict[str, Any]) -> None:
    assessment = assess(intake)
    ranked = rank_causes(intake, assessment, CAUSES, limit=5)
    assert assess(intake) == assessment
    scores = [score_cause(intake, assessment, cause) for cause in ranked]
    assert len(ranked) <= 5 and all(score > 0 for score in scores)
    assert scores == sorted(scores, reverse=True)


def test_the_seed_encyclopedia_has_all_eighteen_causes() -> None:
    assert len(CAUSES) == 18
    assert {cause.level for cause in CAUSES} <= {"brain", *LEVELS} - {"central", "unknown"}


def test_score_weights_live_in_one_dict() -> None:
    assert set(SCORE_WEIGHTS) == {"level", "risk_factor", "red_flag_risk_factor", "onset", "side", "side_either"}
    assert SCORE_WEIGHTS["red_flag_risk_factor"] > SCORE_WEIGHTS["level"] > SCORE_WEIGHTS["risk_factor"]


def test_ranking_breaks_ties_by_name_and_honours_the_limit() -> None:
    causes = [_cause("Zeta"), _cause("Alpha"), _cause("Mu")]
    intake = answers(**PERONEAL_EXAM)
    ranked = rank_causes(intake, assess(intake), causes, limit=2)
    assert [cause.name for cause in ranked] == ["Alpha", "Mu"]
    assert rank_causes(intake, assess(intake), causes, limit=0) == []


def test_causes_with_nothing_in_common_are_left_out() -> None:
    unrelated = _cause("Unrelated", level="muscle", onset="lifelong", usual_side="both")
    intake = answers(**PERONEAL_EXAM)
    assert rank_causes(intake, assess(intake), [unrelated]) == []


def test_a_central_level_matches_brain_and_spinal_cord_causes() -> None:
    brain, cord = _cause("Brain", level="brain"), _cause("Cord", level="spinal_cord")
    central = answers(babinski="present")
    assert score_cause(central, assess(central), brain) == score_cause(central, assess(central), cord)
    cord_only = answers(babinski="present", spinal_trauma=True)
    assert score_cause(cord_only, assess(cord_only), cord) > score_cause(cord_only, assess(cord_only), brain)


def test_a_cause_on_either_side_matches_one_leg_less_strongly_than_a_one_sided_cause() -> None:
    one, either = _cause("One", usual_side="one"), _cause("Either", usual_side="either")
    intake = answers()
    assert score_cause(intake, assess(intake), one) > score_cause(intake, assess(intake), either) > 0


def test_a_red_flag_risk_factor_lifts_its_cause_to_the_top() -> None:
    intake = answers(ascending_weakness=True, side="both", onset="days")
    ranked = rank_causes(intake, assess(intake), CAUSES)
    assert ranked[0].slug == "guillain-barre-syndrome"


# --- Clinical cases. ---


def test_the_clinical_cases_cover_every_cause() -> None:
    assert len(CASES) >= 22
    assert {case.cause for case in CASES} == {cause.slug for cause in CAUSES}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_clinical_case_is_localised_to_its_expected_level(case: Any) -> None:
    assert assess(case.answers).level == case.level


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_clinical_case_gets_its_expected_disposition(case: Any) -> None:
    assert assess(case.answers).disposition == case.disposition


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_clinical_case_has_its_expected_cause_in_the_top_three(case: Any) -> None:
    assessment = assess(case.answers)
    top_three = [cause.slug for cause in rank_causes(case.answers, assessment, CAUSES, limit=3)]
    assert case.cause in top_three
