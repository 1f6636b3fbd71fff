"""
Hostile and careless queries cost little: a long query is cut to its first words with a
message (never an error), misspelt words are looked up in the database's trigram index a
few names at a time, and the work per page does not grow with the words typed. Runs on
SQLite and on PostgreSQL alike (DATABASE_URL).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from causes import search, views
from causes.models import Cause
from causes.search import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, NAMES_READ_PER_WORD, bounded_query
from tests.conftest import make_cause

SHORTENED = "Your search was long, so only its first 20 words (at most 200 characters) were used."
# The costliest queries found by trying: broad words that match every cause in every field,
# long made-up words that share letters with many names, and both past the caps.
HOSTILE = [
    "nerve muscle weakness pain spinal brain injury disease syndrome treatment surgery diagnosis",
    "neuropaty radiculopaty plexopaty sclerosys dystrophie myelopaty compresion syndrom",
    " ".join(["zebrapalsyneuropathy"] * 40),
    "x" * 5000,
    'zebra" OR * NEAR( ) {names}: ^ AND NOT -- ; DROP TABLE',
    "%_%_%_% \\ ' \" ` ´ ’",
]


def result_links(page: str) -> list[str]:
    if 'id="search-results"' not in page:
        return []
    return re.findall(r'href="/causes/([^/"]+)/"', page.split('id="search-results"')[1].split("</ol>")[0])


@pytest.fixture
def zebras(db):
    for number in range(25):
        make_cause(name=f"Zebra palsy {number:02}", slug=f"zebra-palsy-{number}", summary="After a kick.")
    make_cause(name="Muscular dystrophy", slug="muscular-dystrophy", also_known_as="myopathy")
    make_cause(name="Parkinson's disease", slug="parkinsons-disease", summary="A slow shaking illness.")


def test_a_query_is_cut_between_words_at_the_caps():
    many = " ".join(f"word{number}" for number in range(30))
    assert bounded_query(many) == (" ".join(f"word{number}" for number in range(MAX_QUERY_WORDS)), True)
    long_words = "abcdefghij " * 30
    query, shortened = bounded_query(long_words)
    assert shortened and len(query) <= MAX_QUERY_LENGTH and set(query.split()) == {"abcdefghij"}
    assert bounded_query("x" * 5000) == ("x" * MAX_QUERY_LENGTH, True)
    assert bounded_query("  back\x00pain \n ") == ("back pain", False)
    assert bounded_query("") == ("", False)


def test_a_long_query_is_searched_for_its_first_words_with_a_message(client, zebras):
    words = ["zebra"] + [f"filler{number}" for number in range(30)]
    response = client.get("/causes/", {"q": " ".join(words)})
    page = response.content.decode()
    assert response.status_code == 200
    assert SHORTENED in page
    assert 'id="query-shortened"' in page
    assert len(result_links(page)) == 25
    assert response.context["query"] == " ".join(words[:MAX_QUERY_WORDS])


def test_a_query_over_the_length_cap_is_cut_with_the_message(client, zebras):
    response = client.get("/causes/", {"q": "zebra " + "y" * 300})
    assert response.status_code == 200
    assert SHORTENED in response.content.decode()
    assert response.context["query"] == "zebra"


def test_a_query_within_the_caps_has_no_message(client, zebras):
    page = client.get("/causes/", {"q": "zebra palsy after a kick"}).content.decode()
    assert 'id="query-shortened"' not in page
    assert "Your search was long" not in page


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_gets_a_page_in_a_few_queries(client, zebras, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/causes/", {"q": query})
    assert response.status_code == 200
    # Names like the words, the page; with no match, "Did you mean" (on SQLite: names like the
    # words, then their causes) and the A to Z as well.
    assert len(queries) <= 5, [entry["sql"][:200] for entry in queries]


def test_the_query_count_does_not_grow_with_the_words_typed(client, zebras):
    def queries_for(query):
        with CaptureQueriesContext(connection) as queries:
            client.get("/causes/", {"q": query})
        return len(queries)

    assert queries_for("zebbra") == queries_for("zebbra dystrofy parkinsns myopaty neuropaty sclerosys palsey")


def test_a_misspelt_name_finds_its_cause(client, zebras):
    assert result_links(client.get("/causes/", {"q": "parkinsns"}).content.decode()) == ["parkinsons-disease"]
    assert result_links(client.get("/causes/", {"q": "muscular distrophy"}).content.decode())[0] == "muscular-dystrophy"
    assert result_links(client.get("/causes/", {"q": "dystrofy"}).content.decode()) == ["muscular-dystrophy"]


def test_a_word_that_begins_a_name_is_not_taken_for_a_misspelling(zebras):
    assert search._misspelt_name_words(Cause.objects.published(), ["parkinson", "zebr"]) == {}


def test_no_match_offers_the_names_most_like_the_query(client, zebras):
    page = client.get("/causes/", {"q": "dystrofee"}).content.decode()
    assert result_links(page) == []
    did_you_mean = page.split('id="did-you-mean"')[1].split("</ul>")[0]
    assert re.findall(r'href="/causes/([^/"]+)/"', did_you_mean) == ["muscular-dystrophy"]


def test_nonsense_offers_no_names(client, zebras):
    page = client.get("/causes/", {"q": "xylophone"}).content.decode()
    assert "No cause matches “xylophone”" in page
    assert 'id="did-you-mean"' not in page


def test_a_misspelling_reads_a_few_names_per_word_however_many_look_alike(zebras):
    words = ["zebbra", "zebra"]  # each like the 25 zebra names; no other name holds them
    if connection.vendor == "postgresql":
        sql, params = search._postgres_names_like(Cause.objects.published(), words, ("id",))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    else:
        rows = search._sqlite_names_like(words)
    assert len(rows) == len(words) * NAMES_READ_PER_WORD


def test_without_the_trigram_tokenizer_misspellings_come_from_names_with_the_same_start(client, zebras, monkeypatch):
    # SQLite before 3.34 has no trigram tokenizer; PostgreSQL is not concerned and must not change.
    monkeypatch.setattr(search, "HAS_TRIGRAM_TOKENIZER", False)
    assert result_links(client.get("/causes/", {"q": "parkinsns"}).content.decode()) == ["parkinsons-disease"]
    page = client.get("/causes/", {"q": "dystrofee"}).content.decode()
    assert 'href="/causes/muscular-dystrophy/"' in page.split('id="did-you-mean"')[1]
    if connection.vendor == "sqlite":
        assert len(search._sqlite_names_like(["zebbra"])) == NAMES_READ_PER_WORD


def test_no_match_lists_the_causes_from_a_to_z_only_while_they_are_few(client, zebras, monkeypatch):
    monkeypatch.setattr(views, "MOST_CAUSES_FROM_A_TO_Z", 27)
    page = client.get("/causes/", {"q": "xylophone"}).content.decode()
    assert 'href="/causes/zebra-palsy-24/"' in page.split('id="a-z"')[1]
    monkeypatch.setattr(views, "MOST_CAUSES_FROM_A_TO_Z", 26)
    page = client.get("/causes/", {"q": "xylophones"}).content.decode()
    assert 'id="a-z"' not in page
    assert 'href="/causes/"' in page.split('id="no-results"')[1]
