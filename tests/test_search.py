"""
Search as readers write: lay words, other names, apostrophes, misspellings and questions
find the cause a reader means among the first three results; a search with no match is
never a dead end. Runs on SQLite and on PostgreSQL alike (DATABASE_URL).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from causes.models import Cause, Prevalence
from causes.search import read_query
from tests.conftest import approve_draft, make_cause
from tests.test_cause_admin import change_form_data

# Names patients and doctors use, as an editor would fill them in.
OTHER_NAMES = {
    "common-peroneal-neuropathy": "peroneal palsy, fibular nerve palsy, peroneal nerve injury",
    "l5-radiculopathy": "slipped disc, herniated disc, trapped nerve, sciatica",
    "amyotrophic-lateral-sclerosis": "MND, motor neurone disease, Lou Gehrig's disease",
    "charcot-marie-tooth-disease": "CMT, hereditary motor and sensory neuropathy",
    "guillain-barre-syndrome": "GBS",
    "multiple-sclerosis": "MS",
    "cauda-equina-syndrome": "CES",
    "stroke": "brain attack, CVA",
    "spinal-cord-compression": "MSCC, metastatic spinal cord compression, spinal abscess",
    "diabetic-neuropathy": "peripheral neuropathy",
    "compartment-syndrome": "acute compartment syndrome",
    "lumbosacral-plexopathy": "diabetic amyotrophy",
    "muscular-dystrophy": "myopathy",
    "spinal-stenosis": "spinal canal stenosis",
}
# The commonest causes of foot drop (clinical-facts.md): they win ties.
COMMON = ("common-peroneal-neuropathy", "l5-radiculopathy")

LAY_QUERIES = [
    ("foot suddenly dropped", "stroke"),
    ("woke up with foot drop", "stroke"),
    ("sudden foot drop", "stroke"),
    ("what is foot drop after a stroke", "stroke"),
    ("face drooping and slurred speech", "stroke"),
    ("mini stroke", "stroke"),
    ("foot dropped", "common-peroneal-neuropathy"),
    ("cant lift foot", "common-peroneal-neuropathy"),
    ("why can't I lift my foot", "common-peroneal-neuropathy"),
    ("peroneal palsy", "common-peroneal-neuropathy"),
    ("foot drop from crossing my legs", "common-peroneal-neuropathy"),
    ("perineal nerve damage", "common-peroneal-neuropathy"),
    ("MS", "multiple-sclerosis"),
    ("multiple sclerosus", "multiple-sclerosis"),
    ("parkinsons", "parkinsons-disease"),
    ("Parkinson’s disease foot", "parkinsons-disease"),
    ("parkinsns", "parkinsons-disease"),
    ("shaking and stiff legs", "parkinsons-disease"),
    ("charcot marie tooth", "charcot-marie-tooth-disease"),
    ("high arches runs in the family", "charcot-marie-tooth-disease"),
    ("numb when wiping", "cauda-equina-syndrome"),
    ("cant control my pee and back pain", "cauda-equina-syndrome"),
    ("wee problems with numb bum", "cauda-equina-syndrome"),
    ("slipped disc", "l5-radiculopathy"),
    ("trapped nerve in my back", "l5-radiculopathy"),
    ("back pain shooting down my leg", "l5-radiculopathy"),
    ("motor neurone disease", "amyotrophic-lateral-sclerosis"),
    ("lou gehrigs disease", "amyotrophic-lateral-sclerosis"),
    ("twitching muscles in my leg", "amyotrophic-lateral-sclerosis"),
    ("guillain barre", "guillain-barre-syndrome"),
    ("GBS", "guillain-barre-syndrome"),
    ("tingling going up my legs after the flu", "guillain-barre-syndrome"),
    ("diabetic numb feet", "diabetic-neuropathy"),
    ("hip replacement foot drop", "sciatic-neuropathy"),
    ("injection in my buttock", "sciatic-neuropathy"),
    ("broken leg swollen shin", "compartment-syndrome"),
    ("brain tumor", "brain-tumour"),
    ("headaches and fits", "brain-tumour"),
    ("fell and hurt my back", "spinal-cord-injury"),
    ("cancer in my spine and back pain", "spinal-cord-compression"),
    ("leg pain walking eases when I bend forward", "spinal-stenosis"),
    ("foot drop after giving birth", "lumbosacral-plexopathy"),
    ("muscular distrophy", "muscular-dystrophy"),
]


@pytest.fixture
def encyclopedia(seeded):
    for slug, other_names in OTHER_NAMES.items():
        cause = Cause.objects.get(slug=slug)
        cause.also_known_as = other_names
        if slug in COMMON:
            cause.prevalence = Prevalence.COMMON
        cause.save()
    return seeded


def result_links(client, query: str) -> list[str]:
    page = client.get("/causes/", {"q": query}).content.decode()
    if 'id="search-results"' not in page:
        return []
    results = page.split('id="search-results"')[1].split("</ol>")[0]
    return re.findall(r'href="/causes/([^/"]+)/"', results)


@pytest.mark.parametrize(("query", "slug"), LAY_QUERIES)
def test_a_reader_finds_the_cause_they_mean_among_the_first_three(client, encyclopedia, query, slug):
    links = result_links(client, query)
    assert slug in links[:3], f"{query!r} gave {links[:5]}"


def test_there_are_at_least_thirty_lay_queries_covering_most_causes():
    assert len(LAY_QUERIES) >= 30
    assert len({slug for _query, slug in LAY_QUERIES}) >= 16


def test_other_names_rank_a_cause_first(client, encyclopedia):
    assert result_links(client, "CES")[0] == "cauda-equina-syndrome"
    assert result_links(client, "brain attack")[0] == "stroke"


def test_an_editor_s_new_other_name_is_found_at_once(client, encyclopedia):
    cause = Cause.objects.get(slug="muscular-dystrophy")
    cause.also_known_as = "Duchenne"
    cause.save()
    assert result_links(client, "duchenne")[0] == "muscular-dystrophy"


def test_other_names_are_edited_in_the_admin_and_searched_once_approved(client, superuser, reviewer, encyclopedia):
    cause = Cause.objects.get(slug="spinal-cord-injury")
    url = f"/admin/causes/cause/{cause.pk}/change/"
    client.force_login(superuser)
    assert 'name="also_known_as"' in client.get(url).content.decode()
    other_names = "broken back, paraplegia, quelbrin injury"
    response = client.post(url, change_form_data(cause, also_known_as=other_names))
    assert response.status_code == 302
    client.logout()
    assert "spinal-cord-injury" not in result_links(client, "quelbrin")  # a draft until approved
    approve_draft(cause, reviewer)
    assert result_links(client, "paraplegia")[0] == "spinal-cord-injury"
    assert result_links(client, "quelbrin")[0] == "spinal-cord-injury"


def test_a_short_name_matches_whole_words_only(client, encyclopedia):
    """'MS' must not find every article that says 'symptoms' or 'arms' before the one about MS."""
    assert result_links(client, "ms")[0] == "multiple-sclerosis"


def test_results_are_links_to_cause_pages_best_first(client, encyclopedia):
    page = client.get("/causes/", {"q": "stroke"}).content.decode()
    results = page.split('id="search-results"')[1].split("</ol>")[0]
    assert results.count("<li") == len(result_links(client, "stroke")) > 1
    assert result_links(client, "stroke")[0] == "stroke"


def test_small_words_alone_find_nothing_and_do_not_fail(client, encyclopedia):
    response = client.get("/causes/", {"q": "what is the"})
    assert response.status_code == 200
    assert 'id="search-results"' not in response.content.decode()


def test_the_query_is_read_into_the_article_s_words():
    assert read_query("I can't lift my foot").terms == (("cant lift", "foot drop"),)
    assert read_query("Why can't I lift my foot?").terms == (("lift",), ("foot",))
    assert read_query("Parkinson’s").terms == (("parkinsons",),)
    assert ("pee", "bladder") in read_query("trouble when I pee").terms
    assert ("woke up", "sudden") in read_query("I woke up with a dropped foot").terms


def test_a_search_with_no_match_is_not_a_dead_end(client, encyclopedia):
    page = client.get("/causes/", {"q": "xylophone"}).content.decode()
    assert "No cause matches “xylophone”" in page
    assert 'id="search-results"' not in page
    assert 'id="emergency-card-heading"' in page
    assert 'id="a-z"' in page and 'href="/causes/stroke/"' in page.split('id="a-z"')[1]
    assert 'href="/check/"' in page.split('id="no-results"')[1]


def test_a_search_with_no_match_offers_the_closest_names(client, encyclopedia):
    page = client.get("/causes/", {"q": "dystrofee"}).content.decode()
    assert 'id="search-results"' not in page
    did_you_mean = page.split('id="did-you-mean"')[1].split("</ul>")[0]
    assert 'href="/causes/muscular-dystrophy/"' in did_you_mean


def test_a_page_of_results_and_their_number_come_from_one_query(client, encyclopedia):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/causes/", {"q": "nerve"})
    reading_causes = [query["sql"] for query in queries if "causes_cause" in query["sql"]]
    assert not [sql for sql in reading_causes if "COUNT(*)" in sql and "OVER" not in sql]
    assert len([sql for sql in reading_causes if "OVER" in sql]) == 1
    assert response.context["paginator"].count == len(result_links(client, "nerve")) > 10


def test_results_past_the_first_page_are_counted_and_shown(client, db):
    for number in range(60):
        make_cause(name=f"Zebra palsy {number:02}", slug=f"zebra-palsy-{number}")
    first = client.get("/causes/", {"q": "zebra"})
    second = client.get("/causes/", {"q": "zebra", "page": "2"})
    assert first.context["paginator"].count == second.context["paginator"].count == 60
    assert len(first.context["causes"]) == 50
    shown = [cause.name for cause in second.context["causes"]]
    assert shown == [f"Zebra palsy {number:02}" for number in range(50, 60)]
    # A page past the end shows the last page, as on the list of causes (a page "number" that is no number, the first).
    assert [cause.name for cause in client.get("/causes/", {"q": "zebra", "page": "x"}).context["causes"]][:1] == [
        "Zebra palsy 00"
    ]
    for page_number in ("3", "99999999999999999999"):
        past = client.get("/causes/", {"q": "zebra", "page": page_number})
        assert past.status_code == 200
        assert past.context["paginator"].count == 60
        assert [cause.name for cause in past.context["causes"]] == shown
