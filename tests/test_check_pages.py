"""
The pages of the public check: the answers are sent by POST (never in the address), each
page is `no-store`, nothing is stored but Django's CSRF cookie (which holds no answer), a
tampered answer gets a clear 400 page, and the outcome leads with what to do and why, with a
time frame, how to get there and a "You said" recap whose Change buttons go back.
"""

import re

import pytest
from django.conf import settings
from django.test import Client

import clinic
from intake import check, check_views
from tests.conftest import row_counts

pytestmark = pytest.mark.django_db

ALL_NO = {
    "onset": "gradual",
    **dict.fromkeys(clinic.RED_FLAGS, check.NO),
    "spinal_procedure": check.NO,
    "course": check.NOT_WORSENING,
    "side": check.ONE_LEG,
}


def answer(client, **answers):
    return client.post("/check/questions/", answers)


def first_heading(page: str) -> str:
    """The text of the page's h1, tags removed and spaces collapsed."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", heading).split()).replace(" :", ":")


def outcome_of(client, **answers) -> str:
    response = answer(client, **answers)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="check-outcome"' in page, answers
    return page


# Getting there: GET shows only the first question; answers go by POST.


def test_the_start_page_links_the_first_question_and_sets_no_cookie(client):
    response = client.get("/check/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Is my foot drop an emergency?</h1>" in page
    assert 'href="/check/questions/"' in page and "Start now" in page
    assert not response.cookies


def test_the_first_question_is_a_post_form_with_a_csrf_token_and_a_back_link_to_the_start(client):
    page = client.get("/check/questions/").content.decode()
    assert "How did your foot drop start?" in page
    assert 'method="post" action="/check/questions/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'class="back-link" href="/check/"' in page
    for value in clinic.CHOICES["onset"]:
        assert f'name="onset" value="{value}"' in page


def test_answers_in_the_address_are_never_read(client):
    page = client.get("/check/questions/?onset=sudden&stroke_signs=yes").content.decode()
    assert "How did your foot drop start?" in page
    assert 'id="check-outcome"' not in page and 'type="hidden" name="onset"' not in page


def test_each_page_carries_the_earlier_answers_in_hidden_fields_of_its_post_form(client):
    page = answer(client, onset="gradual", stroke_signs="no").content.decode()
    form = page.split('id="check-form"')[1].split("</form>")[0]
    assert '<input type="hidden" name="onset" value="gradual">' in form
    assert '<input type="hidden" name="stroke_signs" value="no">' in form
    assert f'name="{clinic.RED_FLAGS[1]}" value="yes"' in form


def test_back_takes_the_last_answer_back(client):
    page = answer(client, onset="gradual", stroke_signs="no", back="1").content.decode()
    assert first_heading(page).endswith(str(check.RED_FLAG_WORDS["stroke_signs"][0]))
    assert '<input type="hidden" name="onset" value="gradual">' in page
    assert 'type="hidden" name="stroke_signs"' not in page
    assert 'form="check-form" name="back"' in page


def test_the_pages_are_never_stored_and_hold_no_answer_in_any_cookie(client):
    before = row_counts()
    responses = [
        client.get("/check/"),
        client.get("/check/questions/"),
        answer(client, onset="days"),
        answer(client, **ALL_NO),
        answer(client, onset="gradual", bladder_bowel="yes"),
    ]
    for response in responses:
        assert response.status_code == 200
        # The only cookie is Django's CSRF token: a random value, the same whatever is answered.
        assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        for cookie in response.cookies.values():
            assert not any(value in cookie.value for value in ("gradual", "days", "yes", "stable"))
    for response in responses[1:]:
        assert "no-store" in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert row_counts() == before


def test_an_answer_sent_without_the_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/check/questions/", {"onset": "gradual"})
    assert response.status_code == 403
    refused = response.content.decode()
    assert 'href="/check/"' in refused and 'href="tel:999"' in refused  # never a dead end
    token = client.get("/check/questions/").cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post("/check/questions/", {"onset": "gradual", "csrfmiddlewaretoken": token})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "answers",
    [
        {"onset": "yesterday"},
        {"onset": "sudden", "stroke_signs": "maybe"},
        {"course": "\x00"},
        {"side": "x" * 5000},
        {"onset": ""},
        {"stroke_signs": "💥"},
        {"onset": "gradual", "change": "side"},  # a change of a question never answered
        {"onset": "gradual", "change": "colour"},
    ],
)
def test_tampered_answers_get_a_clear_400_page(client, answers):
    response = answer(client, **answers)
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not read your answers" in page and 'href="/check/"' in page
    assert 'href="tel:999"' in page


def test_unknown_keys_never_cause_a_server_error(client):
    assert answer(client, colour="blue", onset="gradual").status_code == 200


def test_the_check_answers_get_head_and_post_only(client):
    assert client.put("/check/questions/").status_code == 405
    assert client.head("/check/").status_code == 200
    assert client.post("/check/").status_code == 405


# The outcome: what to do, how soon and why, never "if".


def test_sudden_onset_leads_with_call_999_now_because_it_can_be_a_stroke(client):
    page = outcome_of(client, onset="sudden", onset_when="last_24_hours")
    assert first_heading(page) == "Call 999 now: foot drop that comes on suddenly can be a stroke."
    outcome = page.split('id="check-outcome"')[1].split("</section>")[0]
    assert 'href="tel:999"' in outcome and "F.A.S.T." in outcome
    assert "Ask for an ambulance" in outcome and "A&amp;E now" not in outcome
    assert "foot drop came on suddenly, over minutes or hours" in outcome  # because you told us


def test_a_red_flag_that_needs_a_and_e_says_how_to_get_there_and_gives_the_999_button(client):
    page = outcome_of(client, onset="gradual", stroke_signs="no", bladder_bowel="yes")
    heading = first_heading(page)
    assert heading.startswith("Go to A&amp;E now: new bladder or bowel trouble")
    outcome = page.split('id="check-outcome"')[1].split("</section>")[0]
    assert "How to get there:" in outcome and "Do not drive yourself." in outcome
    assert 'href="https://www.nhs.uk/service-search/find-an-accident-and-emergency-service"' in outcome
    assert 'href="tel:999"' in outcome
    assert "new trouble controlling your bladder or bowels" in outcome


def test_stroke_signs_lead_with_call_999_and_name_the_stroke(client):
    heading = first_heading(outcome_of(client, onset="gradual", stroke_signs="yes"))
    assert heading == "Call 999 now: a drooping face, a weak arm or slurred speech can be a stroke."


def test_every_emergency_answer_leads_with_an_action_and_its_reason(client):
    for code in clinic.RED_FLAGS:
        heading = first_heading(outcome_of(client, onset="gradual", **{code: "yes"}))
        assert heading.startswith(("Call 999 now: ", "Go to A&amp;E now: ")), code
        assert " if " not in f" {heading.lower()} ", code
        assert heading.split(": ", 1)[1] == str(check_views.EMERGENCY_WHY[code]), code


def test_an_urgent_outcome_says_get_help_today_within_24_hours_and_why(client):
    page = outcome_of(client, **{**ALL_NO, "onset": "days"})
    assert first_heading(page) == (
        "Get help today: foot drop that comes on over a few days needs a doctor within 24 hours."
    )
    outcome = page.split('id="check-outcome"')[1].split("</section>")[0]
    assert 'id="care-card-urgent"' in outcome and 'href="tel:111"' in outcome and "within 24 hours" in outcome
    worsening = first_heading(outcome_of(client, **{**ALL_NO, "course": check.WORSENING}))
    assert worsening == "Get help today: foot drop that is getting worse needs a doctor within 24 hours."


def test_all_no_says_see_a_gp_in_the_next_2_weeks_and_keeps_the_emergency_card_for_changes(client):
    page = outcome_of(client, **ALL_NO)
    assert first_heading(page).startswith("See a GP in the next 2 weeks: ")
    outcome = page.split('id="check-outcome"')[1].split("</section>")[0]
    assert 'id="care-card-non-urgent"' in outcome and "tel:999" not in outcome
    safety_net = page.split("If things change")[1]
    assert 'id="care-card-emergency"' in safety_net and 'href="tel:999"' in safety_net


def test_no_outcome_heading_is_a_condition(client):
    for answers in ({"onset": "sudden", "onset_when": "last_24_hours"}, {**ALL_NO, "onset": "unknown"}, ALL_NO):
        page = outcome_of(client, **answers)
        assert " if" not in first_heading(page).lower(), answers
        card_heading = page.split('id="check-card-heading">')[1].split("</h2>")[0]
        assert " if" not in card_heading.lower(), answers


# "You said", with a Change button for each answer.


def test_you_said_lists_each_answer_in_the_order_asked_with_a_change_button(client):
    page = outcome_of(client, onset="gradual", stroke_signs="no", bladder_bowel="yes")
    recap = page.split('id="check-recap-heading"')[1].split("</section>")[0]
    assert recap.index("How did your foot drop start?") < recap.index("Slowly, over weeks or months")
    assert recap.index(str(check.RED_FLAG_WORDS["stroke_signs"][0])) < recap.index(
        str(check.RED_FLAG_WORDS["bladder_bowel"][0])
    )
    for field in ("onset", "stroke_signs", "bladder_bowel"):
        assert f'form="check-form" name="change" value="{field}"' in recap


def test_change_reopens_that_question_and_forgets_the_later_answers(client):
    page = answer(client, onset="gradual", stroke_signs="no", bladder_bowel="yes", change="stroke_signs")
    page = page.content.decode()
    assert first_heading(page).endswith(str(check.RED_FLAG_WORDS["stroke_signs"][0]))
    form = page.split('id="check-form"')[1].split("</form>")[0]
    assert 'name="onset" value="gradual"' in form
    assert 'type="hidden" name="stroke_signs"' not in form and 'name="bladder_bowel" value="yes"' not in form


def test_changing_the_first_answer_starts_again_at_the_first_question(client):
    page = answer(client, onset="sudden", change="onset").content.decode()
    assert "How did your foot drop start?" in page and 'type="hidden" name="onset"' not in page
