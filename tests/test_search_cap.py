"""
Past MAX_RANKED matches, search stops ranking (on PostgreSQL) and counting: the page says
"more than", the best matches still come first (names, then summaries, then bodies), and
no page lies past the cap. Runs on SQLite and on PostgreSQL alike (DATABASE_URL).
"""

import re

import pytest

from causes import search, views
from tests.conftest import make_cause

BEST_FIRST = [
    "zebra-neuropathy",  # the name, and before "palsy" by name
    "zebra-palsy",
    "striped-neuropathy",  # the summary
    "body-common",  # the body only: the common cause first,
    "body-emergency",  # then the emergency,
    "body-a",  # then by name
    "body-b",
]


@pytest.fixture
def zebras(db):
    make_cause(name="Zebra palsy", slug="zebra-palsy")
    make_cause(name="Zebra neuropathy", slug="zebra-neuropathy")
    make_cause(name="Striped neuropathy", slug="striped-neuropathy", summary="Seen after a zebra kick.")
    body = "A zebra is mentioned in passing."
    make_cause(name="Body only B", slug="body-b", overview=body)
    make_cause(name="Body only A", slug="body-a", overview=body)
    make_cause(name="Body only emergency", slug="body-emergency", overview=body, urgency="emergency")
    make_cause(name="Body only common", slug="body-common", overview=body, prevalence="common")


def capped(monkeypatch, *, cap: int, page_size: int) -> None:
    monkeypatch.setattr(search, "MAX_RANKED", cap)
    monkeypatch.setattr(views, "CAUSES_PER_PAGE", page_size)


def results(client, **params) -> tuple[int, str, list[str]]:
    response = client.get("/causes/", {"q": "zebra", **params})
    page = response.content.decode()
    if 'id="search-results"' not in page:
        return response.status_code, page, []
    listed = page.split('id="search-results"')[1].split("</ol>")[0]
    return response.status_code, page, re.findall(r'href="/causes/([^/"]+)/"', listed)


def test_past_the_cap_the_page_says_more_than_and_keeps_the_best_first(client, zebras, monkeypatch):
    capped(monkeypatch, cap=4, page_size=2)
    status, page, first = results(client)
    assert status == 200
    assert "More than 4 causes match “zebra”" in page
    assert "Page 1 of 2" in page
    _status, _page, second = results(client, page="2")
    assert first + second == BEST_FIRST[:4]


def test_no_page_lies_past_the_cap(client, zebras, monkeypatch):
    capped(monkeypatch, cap=4, page_size=2)
    # A page past the cap shows the last page within it, as a page past the end does.
    for page_number in ("3", "99"):
        status, page, last = results(client, page=page_number)
        assert status == 200
        assert "Page 2 of 2" in page
        assert last == BEST_FIRST[2:4]


def test_body_only_matches_fill_the_cap_commonest_then_emergencies_first(client, zebras, monkeypatch):
    capped(monkeypatch, cap=6, page_size=50)
    _status, page, shown = results(client)
    assert shown == BEST_FIRST[:6]
    assert "More than 6 causes match" in page


def test_matches_that_exactly_fill_the_cap_are_counted_exactly(client, zebras, monkeypatch):
    capped(monkeypatch, cap=7, page_size=50)
    _status, page, shown = results(client)
    assert shown == BEST_FIRST
    assert "7 causes match “zebra”" in page
    assert "More than" not in page


def test_a_query_under_the_cap_is_counted_exactly(client, zebras, monkeypatch):
    capped(monkeypatch, cap=4, page_size=2)
    page = client.get("/causes/", {"q": "striped"}).content.decode()
    assert "1 cause matches “striped”" in page
    assert "More than" not in page


def test_when_names_and_summaries_fill_the_cap_body_only_matches_are_left_out(client, zebras, monkeypatch):
    capped(monkeypatch, cap=2, page_size=50)
    _status, page, shown = results(client)
    assert shown == BEST_FIRST[:2]
    assert "More than 2 causes match" in page
