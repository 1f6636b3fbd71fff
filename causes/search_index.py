"""
Keeping search's indexes up to date: one function, `update_search_index`, called whenever a
cause is saved or deleted (see Cause.save and causes.signals) and after bulk writes.

- PostgreSQL keeps two full-text documents in the cause's own row (`search_vector`, the whole
  article, and `rank_vector`, names and summary), each with a GIN index, and trigram indexes
  on the names (migration causes/0006).
- SQLite keeps an FTS5 table of the published causes, one row per cause under the cause's id
  (`causes_cause_fts`: names, summary, body; English stems, accents dropped; bm25 weights
  names over summary over body) and, where SQLite has FTS5's trigram tokenizer (3.34 or
  newer), a second one of the names alone for misspellings (`causes_cause_names_trigram`).
  Migration causes/0008 makes them. An unpublished or deleted cause has no row.
"""

import sqlite3
from collections.abc import Iterable

from django.db import connection

from causes.models import RANK_DOCUMENT, SEARCH_DOCUMENT, SECTIONS, Cause

FULL_TEXT_TABLE = "causes_cause_fts"
NAMES_TRIGRAM_TABLE = "causes_cause_names_trigram"
HAS_TRIGRAM_TOKENIZER = sqlite3.sqlite_version_info >= (3, 34, 0)
# The columns of the FTS5 rows, as SQL over causes_cause: a line break between the fields.
NAMES_SQL = "name || char(10) || also_known_as"
BODY_SQL = " || char(10) || ".join(field for field, _heading in SECTIONS)
IDS_PER_STATEMENT = 500  # well under any SQLite build's limit of bound parameters


def update_search_index(cause_ids: Iterable[int]) -> None:
    """Bring search's indexes up to date for these causes, as they now stand (or are gone)."""
    ids = list(cause_ids)
    if connection.vendor == "postgresql":
        Cause.objects.filter(pk__in=ids).update(search_vector=SEARCH_DOCUMENT, rank_vector=RANK_DOCUMENT)
    elif connection.vendor == "sqlite":
        for start in range(0, len(ids), IDS_PER_STATEMENT):
            _update_full_text(ids[start : start + IDS_PER_STATEMENT])


def rebuild_search_index(**_signal_arguments) -> None:
    """
    Index every cause again. Runs after `migrate` and after the test runner empties the
    database (both send post_migrate): SQLite's index is a table of its own, which
    emptying the causes does not empty.
    """
    if connection.vendor == "sqlite" and FULL_TEXT_TABLE not in connection.introspection.table_names():
        return  # migrated back before the index existed
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in _full_text_tables():
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    update_search_index(Cause.objects.values_list("pk", flat=True))


def _full_text_tables() -> tuple[str, ...]:
    return (FULL_TEXT_TABLE, NAMES_TRIGRAM_TABLE) if HAS_TRIGRAM_TOKENIZER else (FULL_TEXT_TABLE,)


def _update_full_text(ids: list[int]) -> None:
    """Drop these causes' rows, then add back the published ones from their current text."""
    marks = ", ".join(["%s"] * len(ids))
    published = f"SELECT {{columns}} FROM causes_cause WHERE is_published AND id IN ({marks})"  # noqa: S608
    # Fixed table and column names; the ids are bound parameters.
    with connection.cursor() as cursor:
        for table in _full_text_tables():
            cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", ids)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FULL_TEXT_TABLE} (rowid, names, summary, body) "
            + published.format(columns=f"id, {NAMES_SQL}, summary, {BODY_SQL}"),
            ids,
        )
        if HAS_TRIGRAM_TOKENIZER:
            cursor.execute(
                f"INSERT INTO {NAMES_TRIGRAM_TABLE} (rowid, names) " + published.format(columns=f"id, {NAMES_SQL}"),
                ids,
            )
