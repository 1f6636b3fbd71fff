"""
The public check's logic (clinic.public): its questions follow the clinic's vocabulary, and its
outcome is never less urgent than the staff engine's on the same answers. Pure: no Django.
"""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

import clinic
from clinic import public as check

URGENCY_RANK = {"emergency": 2, "urgent": 1, "routine": 0, "non-urgent": 0}
ALL_NO = {
    "onset": "gradual",
    **dict.fromkeys(clinic.RED_FLAGS, check.NO),
    "course": check.NOT_WORSENING,
    "side": check.ONE_LEG,
}


# The questions and the engine: one source of truth.


def test_every_red_flag_of_the_triage_engine_is_asked():
    asked = [question.field for question in check.questions()]
    missing = [code for code in clinic.RED_FLAGS if code not in asked]
    assert not missing, f"the public check does not ask about: {missing}"
    assert [field for field in asked if field in clinic.RED_FLAGS] == list(clinic.RED_FLAGS)


def test_every_red_flag_has_plain_words_including_the_two_the_engine_is_gaining():
    for code in (*clinic.RED_FLAGS, "recent_leg_injury", "anticoagulant_pain"):
        question, hint, condition = check.RED_FLAG_WORDS[code]
        assert question.endswith("?") and hint and condition, code


def test_the_onset_answers_are_the_engines_onset_codes():
    onset = check.questions()[0]
    assert onset.field == "onset"
    assert [value for value, _label in onset.choices] == list(clinic.CHOICES["onset"])


def test_a_yes_to_any_red_flag_is_an_emergency_with_call_999():
    for code in clinic.RED_FLAGS:
        outcome = check.outcome({"onset": "gradual", code: check.YES})
        assert outcome.kind == "emergency", code
        assert str(check.RED_FLAG_WORDS[code][2]) in [str(condition) for condition in outcome.conditions]


def test_stroke_signs_and_sudden_onset_say_call_999_and_not_a_and_e():
    for answers in ({"onset": "sudden"}, {"onset": "gradual", "stroke_signs": check.YES}):
        outcome = check.outcome(answers)
        assert outcome.action == "call_999" and outcome.stroke, answers
    assert check.outcome({"onset": "gradual", "bladder_bowel": check.YES}).action == "call_999_or_ae"


def test_onset_over_days_unknown_or_a_worsening_course_is_urgent():
    for change in ({"onset": "days"}, {"onset": "unknown"}, {"course": check.WORSENING}):
        assert check.outcome({**ALL_NO, **change}).kind == "urgent", change


def test_slow_or_lifelong_foot_drop_with_no_warning_sign_is_see_a_gp():
    for onset in ("gradual", "lifelong"):
        assert check.outcome({**ALL_NO, "onset": onset}).kind == "non-urgent"


# Never less urgent than the engine.


def assert_at_least_as_urgent_as_the_engine(answers: dict) -> None:
    public = check.outcome(answers).kind
    engine = clinic.assess(check.as_triage_answers(answers)).disposition
    assert URGENCY_RANK[public] >= URGENCY_RANK[engine], (answers, public, engine)


ANSWER_CHOICES = {question.field: [value for value, _label in question.choices] for question in check.questions()}


@settings(max_examples=1500, deadline=None)
@given(st.fixed_dictionaries({}, optional={field: st.sampled_from(values) for field, values in ANSWER_CHOICES.items()}))
def test_for_any_answers_the_public_outcome_is_at_least_as_urgent_as_the_triage_engine(answers):
    assert_at_least_as_urgent_as_the_engine(answers)


def test_for_every_complete_set_of_answers_the_public_outcome_is_at_least_as_urgent_as_the_engine():
    fields = list(ANSWER_CHOICES)
    for values in itertools.product(*ANSWER_CHOICES.values()):
        assert_at_least_as_urgent_as_the_engine(dict(zip(fields, values, strict=True)))


def test_the_check_maps_its_answers_to_the_engines_field_names():
    engine = check.as_triage_answers({**ALL_NO, "side": check.BOTH_LEGS, "course": check.WORSENING})
    assert engine["side"] == "both" and engine["course"] == "worsening" and engine["onset"] == "gradual"
    assert all(engine[code] is False for code in clinic.RED_FLAGS)
    assert "stroke_signs" not in check.as_triage_answers({"onset": "gradual"})  # not asked stays not asked
