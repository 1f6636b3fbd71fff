"""
Search's index follows every change to a cause: a new cause, an edit, an unpublished or
deleted cause, a bulk write, a database emptied by the test runner, a backup loaded. Runs on
SQLite (the FTS5 tables themselves are checked) and on PostgreSQL (the documents in the row).
"""

import re

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core import serializers
from django.db import connection

from causes.models import Cause
from causes.search_index import FULL_TEXT_TABLE, NAMES_TABLE, SEARCH_TABLE, rebuild_search_index
from tests.conftest import approve_draft, make_cause
from tests.test_cause_admin import change_form_data


def found(client, query: str) -> list[str]:
    page = client.get("/causes/", {"q": query}).content.decode()
    if 'id="search-results"' not in page:
        return []
    return re.findall(r'href="/causes/([^/"]+)/"', page.split('id="search-results"')[1].split("</ol>")[0])


def indexed(table: str = FULL_TEXT_TABLE) -> dict[int, str]:
    """SQLite's full-text rows: id to names."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, names FROM {table}")  # noqa: S608 - a fixed table name
        return dict(cursor.fetchall())


def names_index_finds(text: str) -> list[int]:
    """The published causes the names index finds for a word: SQLite's FTS5 table, PostgreSQL's trigram index."""
    if connection.vendor == "postgresql":
        return list(Cause.objects.published().filter(name__trigram_word_similar=text).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {NAMES_TABLE} WHERE {NAMES_TABLE} MATCH %s", [f'"{text}"'])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def documents_find(word: str) -> list[int]:
    """The published causes whose indexed document holds the word: SQLite's FTS5 rows, PostgreSQL's vectors."""
    if connection.vendor == "postgresql":
        matching = Cause.objects.published().filter(search_vector=SearchQuery(word, config="english"))
        return list(matching.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FULL_TEXT_TABLE} WHERE {FULL_TEXT_TABLE} MATCH %s", [f'"{word}"'])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def zebra(db):
    return make_cause(
        name="Zebra palsy", slug="zebra-palsy", also_known_as="stripe neuropathy", overview="Seen in okapis."
    )


def test_a_new_cause_is_found_by_its_name_other_name_and_body(client, zebra):
    assert found(client, "zebra") == ["zebra-palsy"]
    assert found(client, "stripe") == ["zebra-palsy"]
    assert found(client, "okapis") == ["zebra-palsy"]


def test_an_edit_is_searched_at_once_and_the_old_words_are_gone(client, zebra):
    zebra.name = "Quagga palsy"
    zebra.overview = "Seen in giraffes."
    zebra.save()
    assert found(client, "quagga") == ["zebra-palsy"]
    assert found(client, "giraffes") == ["zebra-palsy"]
    assert found(client, "zebra") == found(client, "okapis") == []


def test_an_edit_in_the_admin_is_searched_once_approved(client, superuser, reviewer, zebra):
    client.force_login(superuser)
    response = client.post(
        f"/admin/causes/cause/{zebra.pk}/change/", change_form_data(zebra, summary="After a gnu kick.")
    )
    assert response.status_code == 302
    client.logout()
    assert found(client, "gnu") == []  # a draft: not yet what readers see
    approve_draft(zebra, reviewer)
    assert found(client, "gnu") == ["zebra-palsy"]


def test_an_unpublished_cause_leaves_search_and_comes_back_when_published(client, zebra):
    zebra.is_published = False
    zebra.save()
    assert found(client, "zebra") == []
    zebra.is_published = True
    zebra.save()
    assert found(client, "zebra") == ["zebra-palsy"]


def test_a_deleted_cause_leaves_search(client, zebra):
    other = make_cause(name="Zebra myopathy", slug="zebra-myopathy")
    zebra.delete()
    assert found(client, "zebra") == ["zebra-myopathy"]
    Cause.objects.filter(pk=other.pk).delete()
    assert found(client, "zebra") == []


def test_the_index_holds_the_published_causes_only(zebra):
    hidden = make_cause(name="Hidden palsy", slug="hidden-palsy", is_published=False, prevalence="common")
    assert documents_find("okapis") == names_index_finds("zebra") == [zebra.pk]
    assert names_index_finds("hidden") == []
    zebra.delete()
    hidden.is_published = True
    hidden.save()
    assert documents_find("okapis") == names_index_finds("zebra") == []
    assert names_index_finds("hidden") == [hidden.pk]
    if connection.vendor == "sqlite":
        assert indexed(FULL_TEXT_TABLE) == indexed(SEARCH_TABLE) == {hidden.pk: "Hidden palsy\n"}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ties FROM {SEARCH_TABLE}")  # noqa: S608 - a fixed table name
            assert cursor.fetchall() == [(1,)]  # common (0) and not an emergency (1)


def test_bulk_writes_are_indexed_by_update_search_index(client, db):
    Cause.objects.bulk_create([Cause(**{**make_cause_values(number), "is_published": True}) for number in range(3)])
    assert found(client, "wildebeest") == []
    Cause.objects.update_search_index()
    assert found(client, "wildebeest palsy") == ["wildebeest-palsy-0", "wildebeest-palsy-1", "wildebeest-palsy-2"]


def make_cause_values(number: int) -> dict:
    return {
        "name": f"Wildebeest palsy {number}",
        "slug": f"wildebeest-palsy-{number}",
        "summary": "A cause made for a test.",
        "level": "peroneal",
        "onset": "days",
        "usual_side": "one",
        "urgency": "routine",
        "overview": "An overview.",
        "written_by": "Test author",
    }


def test_the_index_is_rebuilt_after_the_database_is_emptied(zebra):
    # The test runner empties tables with DELETE and then sends post_migrate: no entry of a
    # vanished cause may linger, for a new cause to inherit with its id.
    Cause.objects.all()._raw_delete(Cause.objects.db)
    rebuild_search_index()
    assert documents_find("okapis") == names_index_finds("zebra") == []
    if connection.vendor == "sqlite":
        assert indexed() == indexed(SEARCH_TABLE) == {}


def test_a_backup_loaded_with_loaddata_is_searchable(client, zebra):
    backup = serializers.serialize("json", [zebra])
    Cause.objects.all()._raw_delete(Cause.objects.db)
    rebuild_search_index()
    assert found(client, "zebra") == []
    for cause in serializers.deserialize("json", backup):
        cause.save()  # a raw save, as loaddata makes
    assert found(client, "zebra") == ["zebra-palsy"]
