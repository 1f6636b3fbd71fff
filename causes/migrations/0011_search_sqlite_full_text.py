"""
SQLite's own full-text index of the published causes (FTS5); nothing changes on PostgreSQL,
which keeps its search documents in the row (0006).

- `causes_cause_fts`: names (name and other names), summary and body (the seven sections),
  English stems and no accents, bm25 weighting a name 10, a summary 5, the body 1;
- `causes_cause_search`: a plain table of each published cause's names and its place among
  equals (`ties`: how common, then how urgent), so that ranking never reads the wide rows;
- `causes_cause_names`: an FTS5 index of those names (its external content), in trigrams
  where SQLite has FTS5's trigram tokenizer (3.34 or newer), else in words, for misspellings.

The tables are made empty here and filled, like after every `migrate`, by
causes.search_index.rebuild_search_index (post_migrate), which keeps them up to date after.
"""

import sqlite3

from django.db import migrations

NAMES_TOKENIZER = "trigram" if sqlite3.sqlite_version_info >= (3, 34, 0) else "unicode61 remove_diacritics 2"


def create_full_text_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "CREATE VIRTUAL TABLE causes_cause_fts USING fts5"
        "(names, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    schema_editor.execute("INSERT INTO causes_cause_fts (causes_cause_fts, rank) VALUES ('rank', 'bm25(10, 5, 1)')")
    schema_editor.execute("CREATE TABLE causes_cause_search (id integer NOT NULL PRIMARY KEY, names text NOT NULL, ties integer NOT NULL)")
    # Search walks the causes whose bodies alone match in this order, and stops at its cap.
    schema_editor.execute("CREATE INDEX causes_cause_search_ties ON causes_cause_search (ties, names)")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE causes_cause_names USING fts5(names, content = 'causes_cause_search', "
        f"content_rowid = 'id', tokenize = '{NAMES_TOKENIZER}')"
    )


def drop_full_text_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS causes_cause_names")
    schema_editor.execute("DROP TABLE IF EXISTS causes_cause_search")
    schema_editor.execute("DROP TABLE IF EXISTS causes_cause_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0010_question_allowance"),
    ]

    operations = [
        migrations.RunPython(create_full_text_index, drop_full_text_index),
    ]
