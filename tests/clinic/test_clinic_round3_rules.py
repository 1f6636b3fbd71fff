"""Rules 12 to 22 of the clinical facts, each a class tested over every combination it touches.

Each grid states the rule's expectation independently of the engine, from the rule's own words.
"""

import itertools
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from clinic import assess, rank_causes
from clinic.clock import StrokeClock
from tests.clinic.clinical_cases import CLOCK, NO_RED_FLAGS, load_causes

CAUSES = load_causes()
ONSETS = ("sudden", "on_waking", "days", "gradual", "lifelong", "unknown", None)
COURSES = ("improving", "stable", "worsening", None)
CLOCKS_HOURS = (None, 0, 2, 4.5, 23.9, 24.1, 72, 24 * 7 - 1, 24 * 7 + 1, 24 * 21, 24 * 755)
PERONEAL = {
    "dorsiflexion_mrc": 2,
    "eversion_mrc": 2,
    "inversion_mrc": 5,
    "hip_abduction_mrc": 5,
    "knee_flexion_mrc": 5,
    "ankle_reflex": "normal",
    "knee_reflex": "normal",
    "babinski": "absent",
}


def intake(**answers: Any) -> dict[str, Any]:
    hours = answers.pop("hours", None)
    if hours is not None:
        answers["last_known_well"] = CLOCK - timedelta(hours=hours)
    return {"side": "left", **{key: value for key, value in answers.items() if value is not None}}


# --- Rule 12 and 13: the clock decides for a sudden or on-waking onset. ---


@pytest.mark.parametrize(
    ("onset", "course", "hours"), list(itertools.product(("sudden", "on_waking"), COURSES, CLOCKS_HOURS))
)
def test_rule_12_a_sudden_onset_against_the_clock(onset: str, course: str | None, hours: float | None) -> None:
    assessment = assess(intake(onset=onset, course=course, hours=hours), now=CLOCK)
    settled = hours is not None and hours > 24 * 7 and course in ("stable", "improving")
    assert assessment.disposition == ("urgent" if settled else "emergency")
    stroke_999 = hours is None or hours <= 24
    assert ("sudden_onset_stroke" in assessment.rules_fired) == stroke_999
    if not settled:
        first = assessment.referrals[0]
        assert first.destination.startswith("Call 999") == stroke_999
    # The assessment keeps the fact of the clock, never a countdown (it would go stale), and never "too late".
    reasons = " ".join(assessment.reasons)
    assert "closes at" not in reasons and "too late" not in reasons
    clock = StrokeClock(CLOCK - timedelta(hours=hours) if hours is not None else None, CLOCK)
    assert clock.counting_down == (hours is not None and hours <= 24)


@pytest.mark.parametrize(
    ("onset", "signs", "hours"),
    list(
        itertools.product(
            ONSETS, ({}, {"babinski": "present"}, {"knee_reflex": "brisk"}, {"stroke_signs": True}), CLOCKS_HOURS
        )
    ),
)
def test_rule_12_and_13_central_signs_within_24_hours_are_the_stroke_pathway_whatever_the_onset(
    onset: str | None, signs: dict[str, Any], hours: float | None
) -> None:
    assessment = assess(intake(onset=onset, course="stable", hours=hours, **signs), now=CLOCK)
    suspects = {suspect for referral in assessment.referrals for suspect in referral.suspect.split("; ")}
    recent = hours is not None and hours <= 24
    if signs and recent:
        assert assessment.disposition == "emergency" and "stroke" in suspects
    if signs and onset in ("unknown", None):  # rule 13: onset not known, with a central sign
        assert assessment.disposition == "emergency" and "stroke" in suspects
    if onset in ("unknown", None) and recent:  # found, or time not known, but well within 24 hours
        assert assessment.disposition == "emergency" and "stroke" in suspects


def test_rule_13_stroke_is_ranked_with_upper_motor_neuron_signs_unless_the_onset_is_slow() -> None:
    for onset in ONSETS:
        answers = intake(onset=onset, course="stable", babinski="present", **NO_RED_FLAGS)
        ranked = [cause.slug for cause in rank_causes(answers, assess(answers, now=CLOCK), CAUSES, limit=5)]
        assert ("stroke" in ranked) == (onset not in ("gradual", "lifelong")), (onset, ranked)


# --- Rule 14: a one-sided upper motor neuron deficit over days, or worsening. ---


@pytest.mark.parametrize(
    ("onset", "course", "sign", "known"),
    list(
        itertools.product(
            ("days", "gradual", "lifelong"),
            COURSES,
            ({"babinski": "present"}, {"knee_reflex": "brisk"}, {"ankle_reflex": "brisk"}),
            ({}, {"known_ms": True}, {"previous_stroke": True}),
        )
    ),
)
def test_rule_14_a_one_sided_central_deficit_over_days_or_worsening_is_an_emergency(
    onset: str, course: str | None, sign: dict[str, Any], known: dict[str, Any]
) -> None:
    assessment = assess(intake(onset=onset, course=course, **sign, **known), now=CLOCK)
    progressing = onset == "days" or course == "worsening"
    explained = bool(known) and onset in ("gradual", "lifelong") and course in ("stable", "improving")
    if progressing:
        assert assessment.disposition == "emergency"
        assert "brain scan first" in assessment.referrals[0].destination
    elif explained:
        assert assessment.disposition == "routine"
    else:
        assert assessment.disposition == "urgent"


# --- Rule 15: both legs, new, not improving. ---


@pytest.mark.parametrize(
    ("onset", "course", "reflex", "back_pain"),
    list(itertools.product(ONSETS, COURSES, ("normal", "reduced", "absent", "not_tested", None), (True, False))),
)
def test_rule_15_both_legs_new_and_not_improving_is_an_emergency_whatever_the_reflexes(
    onset: str | None, course: str | None, reflex: str | None, back_pain: bool
) -> None:
    answers = intake(onset=onset, course=course, ankle_reflex=reflex, back_pain_radiating=back_pain) | {"side": "both"}
    assessment = assess(answers, now=CLOCK)
    new = onset in ("sudden", "on_waking", "days", "unknown", None)
    suspects = {referral.suspect for referral in assessment.referrals}
    if new and course != "improving":
        assert assessment.disposition == "emergency"
        assert "Guillain-Barré syndrome" in suspects
        assert ("cauda equina syndrome" in suspects) == back_pain
        if back_pain:
            assert any("lumbar spine" in referral.scan for referral in assessment.referrals)
    if onset in ("gradual", "lifelong") and course != "worsening":
        assert assessment.disposition == "routine"


# --- Rule 16: severe weakness is urgent where it changes treatment. ---


@pytest.mark.parametrize(
    ("cause", "onset", "course", "grade"),
    list(
        itertools.product(
            ("leg_crossing_or_squatting", "recent_weight_loss", "diabetes", None),
            ("days", "gradual"),
            COURSES,
            (0, 2, 3, 4),
        )
    ),
)
def test_rule_16_a_compressive_peroneal_palsy_is_routine_however_weak(
    cause: str | None, onset: str, course: str | None, grade: int
) -> None:
    answers = intake(onset=onset, course=course, **PERONEAL, **NO_RED_FLAGS) | {"dorsiflexion_mrc": grade}
    if cause:
        answers[cause] = True
    assessment = assess(answers, now=CLOCK)
    assert assessment.level == "peroneal"
    if course == "worsening":
        expected = "urgent"
    elif cause:
        expected = "routine"
    else:  # no compressive cause: over days is urgent; gradual and not worsening is routine
        expected = "urgent" if onset == "days" else "routine"
    assert assessment.disposition == expected


@pytest.mark.parametrize(
    ("level_exam", "level"), [({"inversion_mrc": 2}, "nerve_root"), ({"knee_flexion_mrc": 4}, "sciatic")]
)
@pytest.mark.parametrize("grade", [1, 3, 4])
def test_rule_16_severe_weakness_at_a_root_or_the_sciatic_nerve_stays_urgent_even_when_slow(
    level_exam: dict[str, int], level: str, grade: int
) -> None:
    answers = intake(onset="gradual", course="stable", leg_crossing_or_squatting=True, **PERONEAL, **NO_RED_FLAGS)
    answers |= level_exam | {"dorsiflexion_mrc": grade}
    assessment = assess(answers, now=CLOCK)
    assert assessment.level == level
    assert ("severe_weakness_urgent" in assessment.rules_fired) == (grade <= 3)
    # The sciatic level is urgent anyway; the root when foot lifting is MRC 3 or less.
    assert assessment.disposition == ("urgent" if level == "sciatic" or grade <= 3 else "routine")


# --- Rule 17 and 18. ---


@pytest.mark.parametrize(
    ("course", "side", "hereditary"), list(itertools.product(COURSES, ("both", "left"), (True, False)))
)
def test_rule_18_worsening_over_years_in_a_lifelong_hereditary_neuropathy_is_routine(
    course: str | None, side: str, hereditary: bool
) -> None:
    answers = intake(onset="lifelong", course=course, family_history=hereditary, **NO_RED_FLAGS) | {"side": side}
    answers |= {"sensory_loss": "stocking" if side == "both" else "dorsum_foot", "dorsiflexion_mrc": 3}
    assessment = assess(answers, now=CLOCK)
    expected = "urgent" if course == "worsening" and not (hereditary and side == "both") else "routine"
    assert assessment.disposition == expected


# --- Rule 19 and 20: relative sparing, several roots. ---


@pytest.mark.parametrize(("dorsiflexion", "inversion"), list(itertools.product(range(5), range(5))))
def test_rule_19_inversion_two_grades_stronger_is_relative_sparing(dorsiflexion: int, inversion: int) -> None:
    exam = {"dorsiflexion_mrc": dorsiflexion, "eversion_mrc": dorsiflexion, "inversion_mrc": inversion}
    assessment = assess(intake(onset="gradual", course="stable", hip_abduction_mrc=5, **exam), now=CLOCK)
    assert assessment.level == ("peroneal" if inversion >= dorsiflexion + 2 else "nerve_root")


@pytest.mark.parametrize(
    ("back_pain", "bleed", "diabetes_and_weight_loss", "wider"),
    list(
        itertools.product(
            (True, False), (True, False), (True, False), ({"knee_reflex": "reduced"}, {"knee_flexion_mrc": 4})
        )
    ),
)
def test_rule_20_several_roots_are_not_the_plexus(
    back_pain: bool, bleed: bool, diabetes_and_weight_loss: bool, wider: dict[str, Any]
) -> None:
    answers = intake(
        onset="gradual",
        course="stable",
        back_pain_radiating=back_pain,
        anticoagulant_pain=bleed,
        diabetes=diabetes_and_weight_loss,
        recent_weight_loss=diabetes_and_weight_loss,
        dorsiflexion_mrc=3,
        hip_abduction_mrc=4,
        **wider,
    )
    roots = back_pain and not bleed and not diabetes_and_weight_loss
    assert assess(answers, now=CLOCK).level == ("nerve_root" if roots else "plexus")


# --- Rule 21: after a spinal procedure. ---


@pytest.mark.parametrize(
    ("danger", "onset"),
    list(
        itertools.product(
            ({}, {"back_pain_radiating": True}, {"fever_back_pain": True}, {"bladder_bowel": True}, {"side": "both"}),
            ("days", "gradual", "lifelong"),
        )
    ),
)
def test_rule_21_a_spinal_procedure_with_a_danger_sign_is_an_emergency_and_alone_urgent(
    danger: dict[str, Any], onset: str
) -> None:
    answers = intake(onset=onset, course="improving", spinal_procedure=True, **PERONEAL) | danger
    assessment = assess(answers, now=CLOCK)
    without = assess(answers | {"spinal_procedure": False}, now=CLOCK)
    if onset == "lifelong":
        assert assessment.disposition == without.disposition
    elif danger:
        assert assessment.disposition == "emergency"
        assert any(referral.scan == "Emergency MRI of the whole spine" for referral in assessment.referrals)
    else:
        assert assessment.disposition == "urgent"
        assert without.disposition == ("urgent" if onset == "days" else "routine")


# --- Rule 22: a known condition ranks its cause first; ties by prevalence, never the alphabet. ---


@pytest.mark.parametrize(
    ("known", "exam", "cause"),
    [
        ({"known_ms": True}, {"babinski": "present"}, "multiple-sclerosis"),
        ({"previous_stroke": True}, {"babinski": "present"}, "stroke"),
        ({"known_parkinsons": True}, {}, "parkinsons-disease"),
        (
            {"diabetes": True},
            {"side": "both", "sensory_loss": "stocking", "ankle_reflex": "absent"},
            "diabetic-neuropathy",
        ),
        (
            {"family_history": True, "high_arches": True},
            {"side": "both", "sensory_loss": "stocking", "ankle_reflex": "absent"},
            "charcot-marie-tooth-disease",
        ),
    ],
)
@pytest.mark.parametrize("onset", ["gradual", "days"])
def test_rule_22_a_known_condition_puts_its_cause_first(
    known: dict[str, Any], exam: dict[str, Any], cause: str, onset: str
) -> None:
    answers = intake(onset=onset, course="stable", dorsiflexion_mrc=4, **NO_RED_FLAGS) | known | exam
    ranked = rank_causes(answers, assess(answers, now=CLOCK), CAUSES, limit=3)
    assert ranked[0].slug == cause, [item.slug for item in ranked]


def test_rule_22_ties_go_to_prevalence_then_urgency_never_to_the_alphabet() -> None:
    def cause(name: str, prevalence: str, urgency: str) -> SimpleNamespace:
        fields = {"level": "peroneal", "onset": "gradual", "usual_side": "one", "risk_factors": []}
        return SimpleNamespace(slug=name, name=name, prevalence=prevalence, urgency=urgency, **fields)

    causes = [
        cause("aa rare", "rare", "urgent"),
        cause("bb uncommon routine", "uncommon", "routine"),
        cause("cc uncommon urgent", "uncommon", "urgent"),
        cause("zz common", "common", "routine"),
    ]
    answers = intake(onset="gradual", course="stable", **PERONEAL, **NO_RED_FLAGS)
    ranked = [item.slug for item in rank_causes(answers, assess(answers, now=CLOCK), causes, limit=4)]
    assert ranked == ["zz common", "cc uncommon urgent", "bb uncommon routine", "aa rare"]
