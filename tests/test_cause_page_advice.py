"""
Cause pages that never contradict themselves: how urgent a cause usually is, said in words
beside the care cards (no bare "Routine" under a red card); "Edited by" that agrees with
"Last modified"; references that are links; the emergency card before the question form;
and a home page that leads with the check and frames search for symptoms.
"""

import datetime
import re

import pytest
from django.utils import timezone

from causes.models import Cause
from tests.conftest import make_cause

pytestmark = pytest.mark.django_db


def details(page: str) -> str:
    return page.split('id="article-details-heading"')[1].split("</dl>")[0]


def urgency(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.split('id="cause-urgency"')[1].split("</p>")[0]).split())


# How urgent a cause usually is.


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"urgency": "routine"}, "usually not urgent: see a GP. With any sign in the emergency card above"),
        ({"urgency": "urgent"}, "usually urgent: be seen within 24 hours"),
        ({"urgency": "emergency"}, "always an emergency: call 999 or go to A&amp;E."),
        ({"urgency": "emergency", "emergency_action": "call_999"}, "always an emergency: call 999."),
    ],
)
def test_the_urgency_is_said_with_what_it_means_beside_the_cards(client, values, said):
    page = client.get(make_cause(**values).get_absolute_url()).content.decode()
    assert said in urgency(page)
    assert "Urgency: Routine" not in page and "Urgency:" not in page
    assert page.index('id="care-card-non-urgent"') < page.index('id="cause-urgency"')


def test_no_seeded_page_shows_a_bare_routine_badge(client, seeded):
    for cause in Cause.objects.published():
        page = client.get(cause.get_absolute_url()).content.decode()
        assert not re.search(r'class="badge[^"]*"[^>]*>[^<]*(Routine|Urgent|Emergency)', page), cause.slug
        if not cause.is_emergency:
            assert "emergency card above" in urgency(page), cause.slug


# "Edited by" and "Last modified" agree.


def test_an_entry_never_changed_says_so_and_its_date_is_when_it_was_written(client, cause):
    page = details(client.get(cause.get_absolute_url()).content.decode())
    assert "Not edited since it was written" in page and "(when it was written)" in page


def test_an_entry_the_seed_loader_updated_names_its_writers_as_its_editors(client, seeded):
    cause = Cause.objects.get(slug="stroke")
    Cause.objects.filter(pk=cause.pk).update(created=timezone.now() - datetime.timedelta(days=30))
    cause.refresh_from_db()
    cause.summary = "Updated from the reviewed text."
    cause.save()  # as the seed loader saves: no person in the history
    page = details(client.get("/causes/stroke/").content.decode())
    assert "Not edited since it was written" not in page and "(when it was written)" not in page
    assert "Foot Drop Clinic editorial team" in page.split("Edited by")[1]


def test_the_latest_change_names_its_editor_even_after_an_earlier_one(client, cause, editor, superuser):
    superuser.first_name, superuser.last_name = "Ada", "Admin"
    superuser.save()
    for user in (editor, superuser):
        cause._history_user = user
        cause.summary = f"Edited by {user.username}."
        cause.save()
    page = details(client.get(cause.get_absolute_url()).content.decode())
    assert "Ada Admin" in page and "Not edited" not in page


# References are links.


def test_every_seeded_reference_is_a_link(client, seeded):
    for cause in Cause.objects.published():
        page = client.get(cause.get_absolute_url()).content.decode()
        references = page.split('id="references"')[1].split("</section>")[0]
        items = re.findall(r"<li>(.*?)</li>", references, re.S)
        assert items, cause.slug
        for item in items:
            assert re.search(r'<a href="https://[^"]+"', item), (cause.slug, item)


# Questions on emergency articles: the emergency card comes before the form.


def test_the_question_form_comes_after_the_emergency_card_and_the_do_not_post_warning(client, seeded):
    page = client.get("/causes/cauda-equina-syndrome/questions/").content.decode()
    assert (
        page.index('id="question-emergency"')
        < page.index('id="care-card-emergency"')
        < page.index('id="question-form"')
    )
    warning = page.split('id="question-emergency"')[1].split("</p>")[0]
    assert "Cauda equina syndrome is an emergency" in warning and "do not post a question" in warning
    card = page.split('id="care-card-emergency"')[1].split("</section>")[0]
    assert 'href="tel:999"' in card and "numb between your legs" in card  # the article's own card


def test_every_question_form_warns_before_the_form_not_after_the_send_button(client, cause):
    page = client.get(f"{cause.get_absolute_url()}questions/").content.decode()
    assert page.index("do not post a question") < page.index('id="question-form"')
    assert "do not post a question" not in page.split('id="question-form"')[1].split("</form>")[1]


# The home page.


def test_the_home_page_leads_with_the_check_then_the_emergency_card_then_search_for_symptoms(client, seeded):
    page = client.get("/").content.decode()
    assert page.index('id="worried-now"') < page.index('id="care-card-emergency"') < page.index('id="home-search"')
    assert 'href="/check/"' in page.split('id="worried-now"')[1].split("</section>")[0]
    label = re.search(r'<label for="home-search"[^>]*>([^<]+)</label>', page)
    assert "visually-hidden" not in label[0] and "Describe what happens" in label[1]
    assert "Find the cause you were told about" not in page
