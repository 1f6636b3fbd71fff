"""
The public check's logic (clinic.public): its questions follow the clinic's vocabulary, and its
outcome is never less urgent than the staff engine's on the same answers. Pure: no Django.
"""

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import clinic
from clinic import public as check

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
URGENCY_RANK = {"emergency": 2, "urgent": 1, "routine": 0, "non-urgent": 0}
ALL_NO = {
    "onset": "gradual",
    **dict.fromkeys(clinic.RED_FLAGS, check.NO),
    "spinal_procedure": check.NO,
    "course": check.NOT_WORSENING,
    "side": check.ONE_LEG,
}
# Hours since last known well across each answer to "When did it start?": both ends and between.
WHEN_HOURS = {"last_24_hours": (0, 12, 24), "1_to_7_days": (24.1, 96, 167.9), "over_a_week": (168.1, 24 * 30, 24 * 800)}


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
    for answers in (
        {"onset": "sudden", "onset_when": "last_24_hours"},
        {"onset": "on_waking", "onset_when": "last_24_hours"},
        {"onset": "sudden"},
        {"onset": "gradual", "stroke_signs": check.YES},
    ):
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
    """The public outcome against the engine on the same answers, with the clock anywhere in the range answered."""
    public = check.outcome(answers, NOW).kind
    engine = check.as_triage_answers(answers, NOW)
    if "last_known_well" in engine:
        clocks = [NOW - timedelta(hours=hours) for hours in WHEN_HOURS[answers["onset_when"]]]
        worst = max(URGENCY_RANK[clinic.assess(engine | {"last_known_well": at}, now=NOW).disposition] for at in clocks)
    else:
        worst = URGENCY_RANK[clinic.assess(engine, now=NOW).disposition]
    assert URGENCY_RANK[public] >= worst, (answers, public, worst)


ANSWER_CHOICES = {question.field: [value for value, _label in question.choices] for question in check.questions()}


@settings(max_examples=1500, deadline=None)
@given(st.fixed_dictionaries({}, optional={field: st.sampled_from(values) for field, values in ANSWER_CHOICES.items()}))
def test_for_any_answers_the_public_outcome_is_at_least_as_urgent_as_the_triage_engine(answers):
    assert_at_least_as_urgent_as_the_engine(answers)


def test_for_every_complete_set_of_answers_the_public_outcome_is_at_least_as_urgent_as_the_engine():
    """Every onset, time, course, side and spinal procedure answer, with no red flag or any one of them."""
    flag_sets = [{}, *({code: check.YES} for code in clinic.RED_FLAGS)]
    others = {field: values for field, values in ANSWER_CHOICES.items() if field not in clinic.RED_FLAGS}
    for values in itertools.product(*others.values()):
        answers = dict(ALL_NO) | dict(zip(others, values, strict=True))
        for flags in flag_sets:
            assert_at_least_as_urgent_as_the_engine(answers | flags)


def test_every_rule_that_decides_a_public_outcome_has_plain_words():
    others = {field: values for field, values in ANSWER_CHOICES.items() if field not in clinic.RED_FLAGS}
    flag_sets = [{}, *({code: check.YES} for code in clinic.RED_FLAGS)]
    for values in itertools.product(*others.values()):
        for flags in flag_sets:
            answers = dict(ALL_NO) | dict(zip(others, values, strict=True)) | flags
            assessment = clinic.assess(check.as_triage_answers(answers, NOW), now=NOW)
            deciding = [
                rule
                for rule in assessment.rules_fired
                if clinic.RULES_BY_NAME[rule].least == assessment.disposition != "routine"
            ]
            if assessment.disposition != "routine":
                assert deciding and all(check.RULE_WORDS.get(rule) for rule in deciding), (answers, deciding)


def test_the_check_maps_its_answers_to_the_engines_field_names():
    engine = check.as_triage_answers({**ALL_NO, "side": check.BOTH_LEGS, "course": check.WORSENING})
    assert engine["side"] == "both" and engine["course"] == "worsening" and engine["onset"] == "gradual"
    assert all(engine[code] is False for code in clinic.RED_FLAGS)
    assert "stroke_signs" not in check.as_triage_answers({"onset": "gradual"})  # not asked stays not asked


def test_the_time_a_sudden_onset_began_is_asked_at_once_and_only_for_a_sudden_or_on_waking_onset():
    for onset in ("sudden", "on_waking"):
        assert check.next_question({"onset": onset}).field == "onset_when"
    for onset in ("days", "gradual", "lifelong", "unknown"):
        assert check.next_question({"onset": onset}).field == clinic.RED_FLAGS[0]
    assert check.next_question({"onset": "sudden", "onset_when": "last_24_hours"}, NOW) is None


def test_i_woke_up_with_it_is_treated_as_sudden_and_says_when_you_were_last_known_well():
    outcome = check.outcome({"onset": "on_waking", "onset_when": "last_24_hours"}, NOW)
    assert outcome.kind == "emergency" and outcome.action == check.CALL_999 and outcome.stroke
    assert any("last known to be well" in condition for condition in outcome.conditions)


def test_sudden_more_than_a_week_ago_and_getting_better_is_get_help_today_not_999():
    better = ALL_NO | {"onset": "sudden", "onset_when": "over_a_week", "course": "improving"}
    assert check.outcome(better, NOW).kind == "urgent"
    assert check.outcome(better | {"course": "worsening"}, NOW).kind == "emergency"
    assert check.outcome(better | {"bladder_bowel": check.YES}, NOW).kind == "emergency"
    assert check.outcome(better | {"onset_when": "1_to_7_days"}, NOW).kind == "emergency"
    # More than a week ago, the check asks whether it is getting better before anything else decides.
    assert check.next_question({"onset": "sudden", "onset_when": "over_a_week"}, NOW).field == "course"
    settled = {"onset": "sudden", "onset_when": "over_a_week", "course": "improving"}
    assert check.next_question(settled, NOW).field == clinic.RED_FLAGS[0]
    assert check.next_question(settled | {"course": "worsening"}, NOW) is None


def test_both_feet_weaker_over_days_and_not_getting_better_is_999_or_a_and_e_now():
    for onset, course in itertools.product(("days", "unknown"), ("worsening", "stable")):
        outcome = check.outcome(ALL_NO | {"onset": onset, "course": course, "side": check.BOTH_LEGS}, NOW)
        assert outcome.kind == "emergency" and outcome.action == check.CALL_999_OR_AE, (onset, course)
    improving = ALL_NO | {"onset": "days", "course": "improving", "side": check.BOTH_LEGS}
    assert check.outcome(improving, NOW).kind == "urgent"


def test_a_back_strain_is_not_the_back_injury_question():
    question = next(item for item in check.questions() if item.field == "spinal_trauma")
    assert "fall, crash or blow to your back or neck" in question.text and "last few days" in question.text
    assert "lifting does not count" in question.hint


def test_the_leg_questions_name_a_long_lie_and_the_thigh_and_buttock():
    for code in ("compartment_signs", "recent_leg_injury"):
        text = " ".join(check.RED_FLAG_WORDS[code][:2])
        assert "thigh" in text and "buttock" in text and "drink, drugs or an operation" in text, code


def test_a_recent_epidural_or_spinal_anaesthetic_is_asked_and_alone_gets_help_today():
    question = next(item for item in check.questions() if item.field == "spinal_procedure")
    assert "epidural" in question.text and "spinal anaesthetic" in question.text and "6 weeks" in question.text
    assert "in labour" in question.hint
    alone = ALL_NO | {"spinal_procedure": check.YES}
    assert check.outcome(alone, NOW).kind == "urgent"
    assert check.outcome(alone | {"side": check.BOTH_LEGS, "course": "improving"}, NOW).kind == "emergency"
    assert check.outcome(alone | {"fever_back_pain": check.YES}, NOW).kind == "emergency"


def test_one_question_per_page_every_question_has_one_field_and_its_own_choices():
    fields = [question.field for question in check.questions()]
    assert len(fields) == len(set(fields))
    assert all(question.choices and question.text.endswith("?") for question in check.questions())
