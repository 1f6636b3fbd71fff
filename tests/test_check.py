"""
The public "Is my foot drop an emergency?" check: its questions follow the triage engine,
its outcome is never less urgent than the engine's on the same answers, and it stores
nothing (no session, no cookie, no row) and refuses a tampered address with a clear page.
"""

import itertools
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from intake import check, triage

URGENCY_RANK = {"emergency": 2, "urgent": 1, "routine": 0, "non-urgent": 0}
ALL_NO = {
    "onset": "gradual",
    **dict.fromkeys(triage.RED_FLAGS, check.NO),
    "course": check.NOT_WORSENING,
    "side": check.ONE_LEG,
}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def question_url(**answers) -> str:
    return "/check/questions/?" + urlencode(answers)


# The questions and the engine: one source of truth.


def test_every_red_flag_of_the_triage_engine_is_asked():
    asked = [question.field for question in check.questions()]
    missing = [code for code in triage.RED_FLAGS if code not in asked]
    assert not missing, f"the public check does not ask about: {missing}"
    assert [field for field in asked if field in triage.RED_FLAGS] == list(triage.RED_FLAGS)


def test_every_red_flag_has_plain_words_including_the_two_the_engine_is_gaining():
    for code in (*triage.RED_FLAGS, "recent_leg_injury", "anticoagulant_pain"):
        question, hint, condition = check.RED_FLAG_WORDS[code]
        assert question.endswith("?") and hint and condition, code


def test_the_onset_answers_are_the_engines_onset_codes():
    onset = check.questions()[0]
    assert onset.field == "onset"
    assert [value for value, _label in onset.choices] == list(triage.CHOICES["onset"])


def test_a_yes_to_any_red_flag_is_an_emergency_with_call_999():
    for code in triage.RED_FLAGS:
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
    engine = triage.assess(check.as_triage_answers(answers)).disposition
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
    assert all(engine[code] is False for code in triage.RED_FLAGS)
    assert "stroke_signs" not in check.as_triage_answers({"onset": "gradual"})  # not asked stays not asked


# The pages.


def test_the_start_page_explains_the_check_and_starts_it_with_a_get_form(client, db):
    response = client.get("/check/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Is my foot drop an emergency?</h1>" in page
    assert 'method="get" action="/check/questions/"' in page
    assert "csrfmiddlewaretoken" not in page


def test_the_first_question_asks_how_it_started_with_a_back_link_to_the_start(client, db):
    page = client.get("/check/questions/").content.decode()
    assert "How did your foot drop start?" in page
    assert 'class="back-link" href="/check/"' in page
    for value in triage.CHOICES["onset"]:
        assert f'name="onset" value="{value}"' in page


def test_each_page_carries_the_earlier_answers_in_hidden_fields(client, db):
    page = client.get(question_url(onset="gradual", stroke_signs="no")).content.decode()
    assert '<input type="hidden" name="onset" value="gradual">' in page
    assert '<input type="hidden" name="stroke_signs" value="no">' in page
    assert f'name="{triage.RED_FLAGS[1]}" value="yes"' in page
    assert 'class="back-link" href="/check/questions/?onset=gradual"' in page


def test_a_yes_ends_the_check_on_the_emergency_card_with_a_call_link(client, db):
    page = client.get(question_url(onset="gradual", stroke_signs="no", bladder_bowel="yes")).content.decode()
    outcome = page.split('id="check-outcome"')[1]
    assert 'id="care-card-emergency"' in outcome
    assert 'href="tel:999"' in outcome
    assert "new trouble controlling your bladder or bowels" in outcome


def test_sudden_onset_ends_the_check_at_once_on_call_999(client, db):
    outcome = client.get(question_url(onset="sudden")).content.decode().split('id="check-outcome"')[1]
    assert "Call 999 if:" in outcome and "go to A&amp;E if" not in outcome
    assert "F.A.S.T." in outcome


def test_all_no_ends_on_see_a_gp(client, db):
    page = client.get(question_url(**ALL_NO)).content.decode()
    outcome = page.split('id="check-outcome"')[1].split("</section>")[0]
    assert 'id="care-card-non-urgent"' in outcome and "See a GP if:" in outcome
    assert "tel:999" not in outcome


def test_a_worsening_course_ends_on_the_urgent_card(client, db):
    page = client.get(question_url(**{**ALL_NO, "course": check.WORSENING})).content.decode()
    outcome = page.split('id="check-outcome"')[1]
    assert 'id="care-card-urgent"' in outcome and "NHS 111" in outcome


def test_the_check_sets_no_cookie_and_saves_no_row(client, db):
    before = row_counts()
    for url in ("/check/", "/check/questions/", question_url(onset="days"), question_url(**ALL_NO)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in str(response.serialize_headers()), url
        assert not response.cookies, url
    assert row_counts() == before
    assert "no-store" in client.get(question_url(onset="days"))["Cache-Control"]


@pytest.mark.parametrize(
    "query",
    [
        "onset=yesterday",
        "onset=sudden&stroke_signs=maybe",
        "course=%00",
        "side=" + "x" * 5000,
        "onset=",
        "stroke_signs=%F0%9F%92%A5",
        "onset=gradual&onset=sudden",  # the same answer twice is refused, never settled by the last
        "onset=gradual&stroke_signs=no&stroke_signs=no",
    ],
)
def test_a_tampered_address_gets_a_clear_400_page(client, db, query):
    response = client.get("/check/questions/?" + query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not read your answers" in page and 'href="/check/"' in page


def test_unknown_keys_are_ignored_and_repeated_answers_refused_never_a_server_error(client, db):
    assert client.get("/check/questions/?colour=blue&colour=red&onset=gradual").status_code == 200
    assert client.get("/check/questions/?colour=blue&onset=gradual&onset=days").status_code == 400


def test_a_repeated_answer_is_refused_in_a_form_body_too(db):
    with pytest.raises(check.InvalidAnswers):
        check.read_answers(QueryDict("onset=gradual&onset=sudden"))
    assert check.read_answers(QueryDict("onset=gradual&side=one")) == {"onset": "gradual", "side": "one"}
    assert check.read_answers({"onset": "gradual"}) == {"onset": "gradual"}


def test_the_check_answers_only_get_and_head(client, db):
    assert client.post("/check/questions/", {"onset": "sudden"}).status_code == 405
    assert client.head("/check/").status_code == 200
