import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from causes.models import Cause
from tests.conftest import make_cause

pytestmark = pytest.mark.django_db


def test_home_explains_foot_drop_and_shows_the_emergency_card(client, seeded):
    page = client.get("/").content.decode()
    assert "<h1>Foot drop</h1>" in page
    assert "Immediate action required" in page
    assert 'href="/causes/stroke/"' in page
    assert 'action="/causes/"' in page


def test_the_list_groups_published_causes_by_level_from_brain_to_muscle(client, seeded):
    make_cause(name="Hidden draft", slug="hidden-draft", is_published=False)
    page = client.get("/causes/").content.decode()
    assert page.count('class="cause-item') == 18
    assert "Hidden draft" not in page
    assert page.index('<h2 class="h4 mt-4">Brain</h2>') < page.index("Spinal cord</h2>") < page.index("Muscle</h2>")


def test_a_cause_page_shows_the_article_and_its_details(client, seeded):
    page = client.get("/causes/common-peroneal-neuropathy/").content.decode()
    assert "<h1>Common peroneal neuropathy</h1>" in page
    for heading in (
        "What it is",
        "How it causes foot drop",
        "Symptoms and signs",
        "When it is an emergency",
        "How it is diagnosed",
        "Treatment",
        "Outlook and living with foot drop",
        "References",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert "Written by" in page and "Foot Drop Clinic editorial team" in page
    assert "Edited by" in page and "Last modified" in page and "Last clinically reviewed" in page
    assert "Immediate action required" in page
    assert "pathway__step--here" in page and "Peroneal nerve ◀ here" in page


def test_a_cause_page_names_the_last_editor(client, seeded, editor):
    cause = Cause.objects.get(slug="stroke")
    cause._history_user = editor
    cause.summary = "Edited summary."
    cause.save()
    page = client.get("/causes/stroke/").content.decode()
    # An editor without a full name is never shown by their login name.
    assert '<dd class="col-sm-7">Editorial team</dd>' in page


def test_a_cause_page_links_related_causes_at_the_same_level(client, seeded):
    page = client.get("/causes/stroke/").content.decode()
    assert 'href="/causes/brain-tumour/"' in page
    assert 'href="/causes/compartment-syndrome/"' not in page.split('id="related-heading"')[1]


@pytest.mark.parametrize("url", ["/causes/no-such-cause/", "/causes/draft/"])
def test_unknown_and_unpublished_causes_are_not_found(client, url):
    make_cause(name="Draft", slug="draft", is_published=False)
    assert client.get(url).status_code == 404


def test_search_finds_a_cause_by_name(client, seeded):
    page = client.get("/causes/", {"q": "peroneal neuropathy"}).content.decode()
    results = page.split('class="list-unstyled cause-results"')[1]
    first_link = results.split('href="')[1].split('"')[0]
    assert first_link == "/causes/common-peroneal-neuropathy/"


def test_search_ranks_a_name_match_above_a_body_match(client, seeded):
    page = client.get("/causes/", {"q": "stroke"}).content.decode()
    results = page.split('class="list-unstyled cause-results"')[1]
    links = [chunk.split('"')[0] for chunk in results.split('href="')[1:]]
    assert links[0] == "/causes/stroke/"
    assert len(links) > 1, "the word also appears in other articles' bodies"


def test_search_with_no_match_says_so(client, seeded):
    page = client.get("/causes/", {"q": "xylophone"}).content.decode()
    assert "No cause matches “xylophone”" in page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "<script>alert(1)</script>",
        "'; DROP TABLE causes_cause; --",
        "a" * 5000,
        "\x00\x01nerve",
        "%",
        "&|!:*",
    ],
)
def test_hostile_or_empty_searches_are_handled_gracefully(client, seeded, query):
    response = client.get("/causes/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Cause.objects.count() == 18


def test_a_warm_page_costs_no_query(client, seeded):
    for url in ("/", "/causes/", "/causes/stroke/", "/causes/?q=nerve"):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert len(queries) == 0, url
        assert second.content == first.content


def test_saving_a_cause_clears_the_cached_pages(client, seeded):
    client.get("/causes/stroke/")
    client.get("/causes/")
    cause = Cause.objects.get(slug="stroke")
    cause.name = "Stroke (brain attack)"
    cause.save()
    assert "Stroke (brain attack)" in client.get("/causes/stroke/").content.decode()
    assert "Stroke (brain attack)" in client.get("/causes/").content.decode()


def test_deleting_a_cause_clears_the_cached_pages(client, seeded):
    assert client.get("/causes/stroke/").status_code == 200
    Cause.objects.get(slug="stroke").delete()
    assert client.get("/causes/stroke/").status_code == 404


def test_signed_in_users_are_never_served_the_shared_cache(client, seeded, editor):
    client.get("/causes/stroke/")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/causes/stroke/").content.decode()
    assert len(queries) > 0
    assert "Sign out" in page


def test_the_list_shows_fifty_causes_a_page_and_any_page_number_gets_a_page(client, db):
    for number in range(51):
        make_cause(name=f"Cause {number:02}", slug=f"cause-{number:02}")

    def grouped_by_level(response) -> str:
        return response.content.decode().split('id="a-z"')[0]

    first = client.get("/causes/")
    assert grouped_by_level(first).count('href="/causes/cause-') == 50
    assert "Page 1 of 2" in first.content.decode()
    for page in ("2", "99"):
        response = client.get("/causes/", {"page": page})
        assert response.status_code == 200, page
        assert grouped_by_level(response).count('href="/causes/cause-') == 1, page
        assert "Page 2 of 2" in response.content.decode(), page
    assert grouped_by_level(client.get("/causes/", {"page": "nonsense"})).count('href="/causes/cause-') == 50


@pytest.mark.parametrize("url", ["/", "/causes/", "/causes/test-neuropathy/"])
def test_the_public_pages_only_answer_get_and_head(client, cause, url):
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
