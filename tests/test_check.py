"""
The public check's round-3 questions on its pages (answers sent by POST): when a sudden onset
began, "I woke up with it", and the epidural question, each on a page of its own. The check's
logic (clinic.public) is tested without Django in tests/clinic/test_clinic_public.py; its pages
and outcomes in test_check_pages.py.
"""

import pytest
from django.http import QueryDict

import clinic
from intake import check
from tests.test_check_pages import answer, first_heading, outcome_of

pytestmark = pytest.mark.django_db


def test_sudden_onset_asks_when_then_ends_on_call_999(client):
    page = answer(client, onset="sudden").content.decode()
    assert "When did it start?" in page and 'name="onset_when" value="last_24_hours"' in page
    outcome = outcome_of(client, onset="sudden", onset_when="last_24_hours")
    assert first_heading(outcome).startswith("Call 999 now")
    assert "F.A.S.T." in outcome


def test_i_woke_up_with_it_is_offered_and_asks_when(client):
    assert 'name="onset" value="on_waking"' in client.get("/check/questions/").content.decode()
    assert "When did it start?" in answer(client, onset="on_waking").content.decode()


def test_the_epidural_question_has_a_page_of_its_own(client):
    page = answer(client, onset="gradual", **dict.fromkeys(clinic.RED_FLAGS, "no")).content.decode()
    assert "have you had an epidural, a spinal anaesthetic or a back operation?" in page
    assert page.count('class="check-question"') == 1


def test_a_repeated_answer_gets_the_400_page(client):
    assert answer(client, onset=["gradual", "sudden"]).status_code == 400
    assert answer(client, onset="gradual", colour=["blue", "red"]).status_code == 200


def test_a_repeated_answer_is_refused_however_it_is_read():
    with pytest.raises(check.InvalidAnswers):
        check.read_answers(QueryDict("onset=gradual&onset=sudden"))
    assert check.read_answers(QueryDict("onset=gradual&side=one")) == {"onset": "gradual", "side": "one"}
    assert check.read_answers({"onset": "gradual"}) == {"onset": "gradual"}
