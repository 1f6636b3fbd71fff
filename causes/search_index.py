"""
Keeping search's indexes up to date: one function, `update_search_index`, called whenever a
cause is saved or deleted (see Cause.save and causes.signals) and after bulk writes.

- PostgreSQL keeps two full-text documents in the cause's own row (`search_vector`, the whole
  article, and `rank_vector`, names and summary), each with a GIN index, and trigram indexes
  on the names (migration causes/0006).
- SQLite keeps, for each published cause, under the cause's id (migration causes/0008): a
  row of the FTS5 table `causes_cause_fts` (names, summary, body; English stems, no accents;
  bm25 weighs names over summary over body); a row of the plain table `causes_cause_search`
  (its names, and its place among equals, `ties`: how common, then how urgent), and the
  same names in the FTS5 index `causes_cause_names` (trigrams where SQLite has FTS5's
  trigram tokenizer, 3.34 or newer, else words). An unpublished or deleted cause has none.
"""

import sqlite3
from collections.abc import Iterable

from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Concat

from causes.models import RANK_DOCUMENT, SEARCH_DOCUMENT, SEARCH_TIES, SECTIONS, Cause

FULL_TEXT_TABLE = "causes_cause_fts"
SEARCH_TABLE = "causes_cause_search"
NAMES_TABLE = "causes_cause_names"
HAS_TRIGRAM_TOKENIZER = sqlite3.sqlite_version_info >= (3, 34, 0)
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
    Index every cause again in SQLite's tables. Runs after `migrate` and after the test
    runner empties the database (both send post_migrate): the index is a set of tables of its
    own, which emptying the causes leaves as it was. PostgreSQL keeps its documents in the
    causes' rows, so there is nothing to do there.
    """
    if connection.vendor != "sqlite" or FULL_TEXT_TABLE not in connection.introspection.table_names():
        return  # another database, or migrated back to before the index
    with connection.cursor() as cursor:
        # Fixed table names. The names index reads its text from causes_cause_search.
        cursor.execute(f"INSERT INTO {NAMES_TABLE} ({NAMES_TABLE}) VALUES ('delete-all')")  # noqa: S608
        cursor.execute(f"DELETE FROM {SEARCH_TABLE}")  # noqa: S608
        cursor.execute(f"DELETE FROM {FULL_TEXT_TABLE}")  # noqa: S608
    update_search_index(Cause.objects.values_list("pk", flat=True))


def _lines(*fields: str) -> Concat:
    """The fields one after the other, a line between them, as one text for FTS5."""
    parts = [part for field in fields for part in (field, Value("\n"))][:-1]
    return Concat(*parts, output_field=CharField())


def _update_full_text(ids: list[int]) -> None:
    """Drop these causes' rows, then add back the published ones from their current text."""
    published = Cause.objects.published().filter(pk__in=ids).order_by()
    texts = published.annotate(
        names_text=_lines("name", "also_known_as"),
        body_text=_lines(*(field for field, _heading in SECTIONS)),
        ties=SEARCH_TIES[0] * 2 + SEARCH_TIES[1],
    )
    full_text_sql, full_text_params = texts.values_list(
        "pk", "names_text", "summary", "body_text"
    ).query.sql_with_params()
    names_sql, names_params = texts.values_list("pk", "names_text", "ties").query.sql_with_params()
    marks = ", ".join(["%s"] * len(ids))
    # Fixed table names and the ORM's own SQL; the ids and texts are bound parameters. The
    # names index (external content) is told the old names before they go from its table.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {NAMES_TABLE} ({NAMES_TABLE}, rowid, names) "  # noqa: S608
            f"SELECT 'delete', id, names FROM {SEARCH_TABLE} WHERE id IN ({marks})",
            ids,
        )
        cursor.execute(f"DELETE FROM {SEARCH_TABLE} WHERE id IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM {FULL_TEXT_TABLE} WHERE rowid IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"INSERT INTO {FULL_TEXT_TABLE} (rowid, names, summary, body) {full_text_sql}", full_text_params)
        cursor.execute(f"INSERT INTO {SEARCH_TABLE} (id, names, ties) {names_sql}", names_params)
        cursor.execute(
            f"INSERT INTO {NAMES_TABLE} (rowid, names) SELECT id, names FROM {SEARCH_TABLE} WHERE id IN ({marks})",  # noqa: S608
            ids,
        )
