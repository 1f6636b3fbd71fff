"""
The public "Is my foot drop an emergency?" check's pages: it stores nothing (no session, no
cookie, no row) and refuses a tampered address with a clear page. Its logic (clinic.public)
is tested without Django in tests/clinic/test_clinic_public.py.
"""

from urllib.parse import urlencode

import pytest
from django.apps import apps

import clinic
from intake import check

ALL_NO = {
    "onset": "gradual",
    **dict.fromkeys(clinic.RED_FLAGS, check.NO),
    "spinal_procedure": check.NO,
    "course": check.NOT_WORSENING,
    "side": check.ONE_LEG,
}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def question_url(**answers) -> str:
    return "/check/questions/?" + urlencode(answers)


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
    for value in clinic.CHOICES["onset"]:
        assert f'name="onset" value="{value}"' in page


def test_each_page_carries_the_earlier_answers_in_hidden_fields(client, db):
    page = client.get(question_url(onset="gradual", stroke_signs="no")).content.decode()
    assert '<input type="hidden" name="onset" value="gradual">' in page
    assert '<input type="hidden" name="stroke_signs" value="no">' in page
    assert f'name="{clinic.RED_FLAGS[1]}" value="yes"' in page
    assert 'class="back-link" href="/check/questions/?onset=gradual"' in page


def test_a_yes_ends_the_check_on_the_emergency_card_with_a_call_link(client, db):
    page = client.get(question_url(onset="gradual", stroke_signs="no", bladder_bowel="yes")).content.decode()
    outcome = page.split('id="check-outcome"')[1]
    assert 'id="care-card-emergency"' in outcome
    assert 'href="tel:999"' in outcome
    assert "new trouble controlling your bladder or bowels" in outcome


def test_sudden_onset_asks_when_then_ends_on_call_999(client, db):
    page = client.get(question_url(onset="sudden")).content.decode()
    assert "When did it start?" in page and 'name="onset_when" value="last_24_hours"' in page
    outcome = client.get(question_url(onset="sudden", onset_when="last_24_hours")).content.decode()
    outcome = outcome.split('id="check-outcome"')[1]
    assert "Call 999 if:" in outcome and "go to A&amp;E if" not in outcome
    assert "F.A.S.T." in outcome


def test_i_woke_up_with_it_is_offered_and_asks_when(client, db):
    assert 'name="onset" value="on_waking"' in client.get(question_url()).content.decode()
    assert "When did it start?" in client.get(question_url(onset="on_waking")).content.decode()


def test_the_new_questions_are_one_per_page(client, db):
    answers = {"onset": "gradual", **dict.fromkeys(clinic.RED_FLAGS, "no")}
    page = client.get(question_url(**answers)).content.decode()
    assert "have you had an epidural, a spinal anaesthetic or a back operation?" in page
    assert page.count('class="check-question"') == 1


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
    ],
)
def test_a_tampered_address_gets_a_clear_400_page(client, db, query):
    response = client.get("/check/questions/?" + query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not read your answers" in page and 'href="/check/"' in page


def test_unknown_keys_and_repeated_answers_never_cause_a_server_error(client, db):
    assert client.get("/check/questions/?colour=blue&onset=gradual&onset=days").status_code == 200


def test_the_check_answers_only_get_and_head(client, db):
    assert client.post("/check/questions/", {"onset": "sudden"}).status_code == 405
    assert client.head("/check/").status_code == 200
