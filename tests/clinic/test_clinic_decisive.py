"""Decisive questions: the blanks whose answer would change the disposition, checked against `assess` itself.

Pure Python: runs with `-p no:django` (make test-clinic).
"""

from typing import Any

from hypothesis import given, settings

from clinic import RED_FLAGS, SEVERITY, assess
from clinic.answers import Answers
from clinic.decisive import CANDIDATES, is_blank
from clinic.engine import disposition_of
from tests.clinic.clinical_cases import CLOCK
from tests.clinic.test_clinic_engine import intake_answers

ROUTINE_PERONEAL = {
    "side": "left",
    "onset": "gradual",
    "course": "stable",
    "leg_crossing_or_squatting": True,
    "dorsiflexion_mrc": 4,
    "eversion_mrc": 4,
    "inversion_mrc": 5,
    "hip_abduction_mrc": 5,
    "ankle_reflex": "normal",
    "knee_reflex": "normal",
    "babinski": "absent",
    "sensory_level": "no",
}


def options(question) -> dict[Any, str]:
    return {option.value: option.disposition for option in question.options}


def test_a_past_hip_operation_with_the_72_hour_question_blank_asks_it():
    answers = {"side": "left", "onset": "days", "course": "stable", "hip_surgery_or_injection": True}
    assessment = assess(answers, now=CLOCK)
    assert assessment.disposition == "emergency"
    [question] = [q for q in assessment.decisive if q.field == "recent_leg_injury"]
    assert options(question) == {True: "emergency", False: "urgent"}
    assert "72 hours" in question.question


def test_a_routine_case_with_every_red_flag_blank_names_each_red_flag():
    assessment = assess(ROUTINE_PERONEAL, now=CLOCK)
    assert assessment.disposition == "routine"
    flags = {q.field: options(q) for q in assessment.decisive if q.field in RED_FLAGS}
    assert set(flags) == set(RED_FLAGS)
    assert all(answers[True] == "emergency" and answers[False] == "routine" for answers in flags.values())


def test_a_routine_case_with_every_red_flag_asked_no_has_no_decisive_red_flag():
    answers = ROUTINE_PERONEAL | dict.fromkeys(RED_FLAGS, False)
    assert not [q for q in assess(answers, now=CLOCK).decisive if q.field in RED_FLAGS]


def test_a_sudden_onset_with_a_yes_red_flag_shows_no_question():
    answers = {"side": "left", "onset": "sudden", "stroke_signs": True}
    assert assess(answers, now=CLOCK).decisive == ()


def test_an_answer_already_given_is_never_asked_again():
    answers = ROUTINE_PERONEAL | {"bladder_bowel": False, "course": "stable"}
    fields = {q.field for q in assess(answers, now=CLOCK).decisive}
    assert "bladder_bowel" not in fields
    assert "course" not in fields


def test_the_most_urgent_questions_come_first():
    decisive = assess(ROUTINE_PERONEAL, now=CLOCK).decisive
    urgency = [SEVERITY[question.most_urgent] for question in decisive]
    assert urgency == sorted(urgency, reverse=True)


@settings(max_examples=300, deadline=None)
@given(intake_answers())
def test_each_stated_disposition_is_what_assess_gives_with_that_answer(answers: dict[str, Any]) -> None:
    assessment = assess(answers, now=CLOCK)
    for question in assessment.decisive:
        assert is_blank(Answers(answers), question.field)
        for option in question.options:
            assert assess({**answers, question.field: option.value}, now=CLOCK).disposition == option.disposition
        assert any(option.disposition != assessment.disposition for option in question.options)


@settings(max_examples=300, deadline=None)
@given(intake_answers())
def test_every_blank_left_out_would_change_nothing(answers: dict[str, Any]) -> None:
    assessment = assess(answers, now=CLOCK)
    listed = {question.field for question in assessment.decisive}
    for field, values in CANDIDATES.items():
        if field in listed or not is_blank(Answers(answers), field):
            continue
        for value, _label in values:
            assert assess({**answers, field: value}, now=CLOCK).disposition == assessment.disposition, (field, value)


@settings(max_examples=300, deadline=None)
@given(intake_answers())
def test_the_quick_disposition_is_the_disposition_of_assess(answers: dict[str, Any]) -> None:
    assert disposition_of(answers, CLOCK) == assess(answers, now=CLOCK).disposition


@settings(max_examples=300, deadline=None)
@given(intake_answers())
def test_no_answer_can_lower_a_disposition_that_a_yes_red_flag_fixed(answers: dict[str, Any]) -> None:
    if any(answers.get(flag) is True for flag in RED_FLAGS):
        assert assess(answers, now=CLOCK).decisive == ()
