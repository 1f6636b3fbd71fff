"""
Search that understands readers, and stays fast at thousands of causes.

- `rank_vector`: a small full-text document of the names, other names and summary, stored
  in the row itself (storage MAIN: compressed if need be, but not moved out to TOAST), so
  that ranking never reads the large `search_vector`, which now also holds the other names;
  with its own GIN index, so that a match in a name or summary is found without the large one.
- On PostgreSQL, the `pg_trgm` extension and trigram GIN indexes on the names and the other
  names, for misspelt names. SQLite gets only the (unused) column; it has its own fallback.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from causes.models import RANK_DOCUMENT, SEARCH_DOCUMENT

TRIGRAM_INDEXES = {
    "causes_cause_name_trgm": "name",
    "causes_cause_also_known_as_trgm": "also_known_as",
}


def add_search_structures(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE causes_cause ALTER COLUMN rank_vector SET STORAGE MAIN")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS causes_cause_rank_vector_gin ON causes_cause USING gin (rank_vector)"
    )
    for index, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON causes_cause USING gin ({column} gin_trgm_ops)"  # noqa: S608 - fixed names
        )
    apps.get_model("causes", "Cause").objects.update(search_vector=SEARCH_DOCUMENT, rank_vector=RANK_DOCUMENT)


def drop_search_structures(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in [*TRIGRAM_INDEXES, "causes_cause_rank_vector_gin"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0005_cause_prevalence_other_names_care_cards_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="cause",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        TrigramExtension(),
        migrations.RunPython(add_search_structures, drop_search_structures),
    ]
