"""
SQLite's own full-text index of the published causes (FTS5), kept up to date by
causes.search_index.update_search_index; nothing changes on PostgreSQL, which keeps its
search documents in the row (0006).

- `causes_cause_fts`: names (name and other names), summary and body (the seven sections),
  English stems and no accents, bm25 weighting a name 10, a summary 5, the body 1;
- `causes_cause_names_trigram`: the names alone in trigrams, for misspelt names, where
  SQLite has the trigram tokenizer (3.34 or newer).

The model `CauseFullText` only lets search join the first one; Django never manages it.
"""

import sqlite3

import django.db.models.deletion
from django.db import migrations, models

import causes.models

NAMES = "name || char(10) || also_known_as"
BODY = " || char(10) || ".join(
    ("overview", "mechanism", "symptoms", "emergency", "diagnosis", "treatment", "outlook")
)
HAS_TRIGRAM_TOKENIZER = sqlite3.sqlite_version_info >= (3, 34, 0)


def create_full_text_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "CREATE VIRTUAL TABLE causes_cause_fts USING fts5"
        "(names, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    schema_editor.execute("INSERT INTO causes_cause_fts (causes_cause_fts, rank) VALUES ('rank', 'bm25(10, 5, 1)')")
    schema_editor.execute(
        f"INSERT INTO causes_cause_fts (rowid, names, summary, body) "  # noqa: S608 - fixed names
        f"SELECT id, {NAMES}, summary, {BODY} FROM causes_cause WHERE is_published"
    )
    if HAS_TRIGRAM_TOKENIZER:
        schema_editor.execute("CREATE VIRTUAL TABLE causes_cause_names_trigram USING fts5(names, tokenize = 'trigram')")
        schema_editor.execute(
            f"INSERT INTO causes_cause_names_trigram (rowid, names) "  # noqa: S608 - fixed names
            f"SELECT id, {NAMES} FROM causes_cause WHERE is_published"
        )


def drop_full_text_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS causes_cause_names_trigram")
    schema_editor.execute("DROP TABLE IF EXISTS causes_cause_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0007_search_ties_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="CauseFullText",
            fields=[
                (
                    "cause",
                    models.OneToOneField(
                        db_column="rowid",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="full_text",
                        serialize=False,
                        to="causes.cause",
                    ),
                ),
                ("document", causes.models.FullTextDocument(db_column="causes_cause_fts")),
                ("relevance", models.FloatField(db_column="rank")),
            ],
            options={
                "db_table": "causes_cause_fts",
                "managed": False,
            },
        ),
        migrations.RunPython(create_full_text_index, drop_full_text_index),
    ]
