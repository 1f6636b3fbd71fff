"""
What readers see first and what earns their trust: the three care cards on every cause page
(with general bullets where a card is empty), the emergency card on the home page, the A to Z,
the review dates and reviewer, the About page, and the editors' admin.
"""

import ast
import datetime
import re
from pathlib import Path

import pytest

from causes.models import Cause
from tests.conftest import make_cause

pytestmark = pytest.mark.django_db


def card(page: str, kind: str) -> str:
    return page.split(f'id="care-card-{kind}"')[1].split("</section>")[0]


def test_a_cause_page_shows_its_own_three_care_cards_emergency_first(client):
    make_cause(
        care_non_urgent="you trip more often\n- your shoes wear on one side",
        care_urgent="the weakness is spreading",
        care_emergency="the leg is cold and pale",
    )
    page = client.get("/causes/test-neuropathy/").content.decode()
    assert page.index("care-card-emergency") < page.index("care-card-urgent") < page.index("care-card-non-urgent")
    assert "<li>you trip more often</li><li>your shoes wear on one side</li>" in card(page, "non-urgent")
    assert "<li>the weakness is spreading</li>" in card(page, "urgent")
    assert "<li>the leg is cold and pale</li>" in card(page, "emergency")
    assert page.index("care-card-emergency") < page.index('id="overview"') < page.index('id="discussion"')


def test_each_card_says_its_urgency_in_hidden_words_for_screen_readers(client, cause):
    page = client.get(cause.get_absolute_url()).content.decode()
    hidden = {
        kind: re.search(r'<span class="visually-hidden">([^<]+)</span>', card(page, kind))[1]
        for kind in ("non-urgent", "urgent", "emergency")
    }
    assert hidden == {
        "non-urgent": "Non-urgent advice:",
        "urgent": "Urgent advice:",
        "emergency": "Immediate action required:",
    }
    assert "See a GP if:" in card(page, "non-urgent")
    assert "Ask for an urgent GP appointment or get help from NHS 111 if:" in card(page, "urgent")
    assert "Call 999 or go to A&amp;E if:" in card(page, "emergency")


def test_a_cause_with_empty_cards_falls_back_to_general_advice(client, cause):
    page = client.get(cause.get_absolute_url()).content.decode()
    assert "came on slowly, over weeks or months" in card(page, "non-urgent")
    assert "foot drop is getting worse" in card(page, "urgent")
    assert "foot drop came on suddenly" in card(page, "emergency")
    assert "F.A.S.T." in card(page, "emergency")  # the general bullets name stroke signs: call 999


def test_a_cause_with_its_own_emergency_bullets_gets_no_stroke_note_unless_it_asks(client):
    make_cause(care_emergency="the leg is cold and pale")
    assert "F.A.S.T." not in card(client.get("/causes/test-neuropathy/").content.decode(), "emergency")


def test_the_emergency_card_has_one_call_link_and_says_call_999_only_when_the_cause_asks(client):
    make_cause(emergency_action="call_999", urgency="emergency")
    page = client.get("/causes/test-neuropathy/").content.decode()
    emergency = card(page, "emergency")
    assert "Call 999 if:" in emergency and "or go to A&amp;E if:" not in emergency
    assert emergency.count("<a ") == 1 and 'href="tel:999"' in emergency


def test_the_home_page_card_comes_before_the_long_text_and_says_call_999_for_a_stroke(client, db):
    page = client.get("/").content.decode()
    emergency = card(page, "emergency")
    assert 'href="tel:999"' in emergency
    assert "F.A.S.T." in emergency and "Time to call 999" in emergency
    assert page.index('id="care-card-emergency"') < page.index("It is a sign, not a disease")
    assert 'href="/check/"' in page


def test_every_cause_page_links_the_check_and_the_about_page(client, seeded):
    for cause in Cause.objects.published():
        page = client.get(cause.get_absolute_url()).content.decode()
        assert 'href="/check/"' in page and 'href="/about/"' in page, cause.slug
        for kind in ("non-urgent", "urgent", "emergency"):
            assert f'id="care-card-{kind}"' in page, (cause.slug, kind)


def test_the_search_with_no_results_links_the_check(client, seeded):
    page = client.get("/causes/", {"q": "xylophone"}).content.decode()
    assert 'href="/check/"' in page


def test_an_article_shows_its_other_names_reviewer_and_review_dates(client):
    make_cause(
        also_known_as="peroneal palsy, crossed-leg palsy",
        clinical_reviewer="Dr Ada Lovelace",
        clinical_reviewer_role="consultant neurologist",
        last_reviewed=datetime.date(2026, 3, 2),
        next_review_due=datetime.date(2029, 3, 2),
        references="- [NICE NG128](https://www.nice.org.uk/guidance/ng128)",
    )
    page = client.get("/causes/test-neuropathy/").content.decode()
    assert "Also called: peroneal palsy, crossed-leg palsy" in page
    assert page.index("Also called") < page.index('class="lead"')
    assert "Reviewed by Dr Ada Lovelace, consultant neurologist" in page
    assert 'Page last reviewed: <time datetime="2026-03-02">2 March 2026</time>' in page
    assert 'Next review due: <time datetime="2029-03-02">2 March 2029</time>' in page
    assert '<a href="https://www.nice.org.uk/guidance/ng128"' in page


def test_an_article_without_a_reviewer_says_so(client, cause):
    page = client.get(cause.get_absolute_url()).content.decode()
    assert "Not yet reviewed by a named clinician." in page
    assert "Next review due: to be set" in page


def test_a_printed_cause_page_carries_the_site_name_address_and_date(client, cause):
    page = client.get(cause.get_absolute_url()).content.decode()
    head = page.split('class="print-only print-head"')[1].split("</p>")[0]
    assert "Foot Drop Clinic" in head and "http://testserver/causes/test-neuropathy/" in head
    assert re.search(r"Printed \d{1,2} \w+ 20\d\d", head)


def test_the_a_to_z_lists_every_cause_and_other_name_under_its_letter(client):
    make_cause(name="Zebra palsy", slug="zebra-palsy", prevalence="common", also_known_as="stripy foot")
    make_cause(name="Apple neuropathy", slug="apple-neuropathy", prevalence="rare")
    page = client.get("/causes/").content.decode()
    a_to_z = page.split('id="a-z"')[1]
    letters = re.findall(r'<li class="list-inline-item"><a href="#a-z-\d+">(\w)</a></li>', a_to_z)
    assert letters == ["A", "S", "Z"]
    assert a_to_z.index("Apple neuropathy") < a_to_z.index("stripy foot: see") < a_to_z.index(">Zebra palsy<")
    zebra = a_to_z.rsplit(">Zebra palsy</a>", 1)[1].split("</li>")[0]
    assert "one of the most common causes" in zebra
    apple = a_to_z.split(">Apple neuropathy</a>")[1].split("</li>")[0]
    assert "most common" not in apple


def test_the_a_to_z_adds_no_query_however_many_causes(client, django_assert_max_num_queries):
    for number in range(12):
        make_cause(name=f"Cause {number}", slug=f"cause-{number}", also_known_as="a, b")
    with django_assert_max_num_queries(3):
        assert client.get("/causes/").status_code == 200


def test_the_about_page_says_who_writes_how_it_is_checked_sources_and_how_to_report_a_mistake(client, db):
    response = client.get("/about/")
    page = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Who writes it",
        "How it is checked",
        "Where the facts come from",
        "What this information cannot do",
        "How to report a mistake",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert 'href="/about/"' in client.get("/").content.decode()  # the footer


# The editors' admin.


def test_the_admin_is_branded_as_the_sites(client, superuser):
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()
    assert "Foot Drop Clinic editors" in page and "Django administration" not in page


def test_a_content_editor_enters_the_admin_without_the_staff_status_tick(client, editor):
    editor.is_staff = False
    editor.save()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/causes/cause/").status_code == 200


def test_a_content_editor_signs_in_to_the_admin_by_the_group_alone(client, editor):
    editor.is_staff = False
    editor.save()
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_signed_in_person_in_no_group_and_intake_staff_stay_out_of_the_admin(client, outsider, intake_staff):
    for user in (outsider, intake_staff):
        client.force_login(user)
        assert client.get("/admin/").status_code == 302, user
        response = client.post("/admin/login/", {"username": user.username, "password": "correct horse battery"})
        assert response.status_code == 200 and "staff account" in response.content.decode(), user


def test_the_user_form_says_the_group_is_enough(client, superuser, editor):
    client.force_login(superuser)
    page = client.get(f"/admin/auth/user/{editor.pk}/change/").content.decode()
    assert "putting a person in the" in page and "Content editors" in page


def test_the_cause_form_groups_fields_as_readers_see_them_with_real_text_areas(client, superuser, cause):
    client.force_login(superuser)
    page = client.get(f"/admin/causes/cause/{cause.pk}/change/").content.decode()
    assert re.search(r'<textarea name="summary"', page)
    for field in ("care_non_urgent", "care_urgent", "care_emergency"):
        assert f'<textarea name="{field}"' in page
    cards = page.split("Care cards")[1].split("</fieldset>")[0]
    for field in ("care_emergency", "emergency_action", "care_urgent", "care_non_urgent"):
        assert f'name="{field}"' in cards
    assert page.index('name="name"') < page.index('name="also_known_as"') < page.index('name="slug"')
    review = page.split("Article details and clinical review")[1].split("</fieldset>")[0]
    # Set by a clinical reviewer's approval (test_cause_drafts.py): shown, never typed in.
    for field in ("clinical_reviewer", "clinical_reviewer_role", "last_reviewed", "next_review_due"):
        assert f"field-{field}" in review and f'name="{field}"' not in review


def test_the_admin_preview_shows_the_care_cards(client, editor):
    cause = make_cause(care_emergency="the leg is cold and pale", is_published=False)
    client.force_login(editor)
    page = client.get(f"/admin/causes/cause/{cause.pk}/preview/").content.decode()
    assert "<li>the leg is cold and pale</li>" in card(page, "emergency")
    assert 'id="care-card-urgent"' in page and 'id="care-card-non-urgent"' in page


def test_the_encyclopedia_never_imports_the_intake_app():
    """Design section 2: intake depends on causes, never the other way round (the check lives in intake)."""
    causes_dir = Path(__file__).resolve().parents[1] / "causes"
    offenders = []
    for source in causes_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{source.name}: {name}" for name in names if name.split(".")[0] == "intake"]
    assert offenders == []


def test_a_content_editor_without_the_staff_tick_sees_the_admin_link(client, editor):
    editor.is_staff = False
    editor.save()
    client.force_login(editor)
    assert 'href="/admin/"' in client.get("/about/").content.decode()


@pytest.mark.parametrize("url", ["/", "/causes/", "/causes/test-neuropathy/", "/causes/?q=xylophone", "/about/"])
def test_every_public_page_carries_the_emergency_card_with_its_call_link(client, url):
    make_cause()
    page = client.get(url).content.decode()
    assert 'href="tel:999"' in card(page, "emergency")
