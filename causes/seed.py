"""
Loading the encyclopedia's starting content from the reviewable text files in
`causes/encyclopedia/`, one TOML file per cause.

Loading is idempotent: an entry is created when missing, updated when its seed
file changed and nobody edited it since, and left alone once an editor has
changed it. Entries loaded by an earlier version of the loader, over fewer
fields, are still told apart from edited ones (see SEEDED_FIELD_VERSIONS).
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from causes.models import Cause, CauseDraft, normalise_text

SEED_DIR = Path(__file__).resolve().parent / "encyclopedia"

# The fields each version of the seed loader wrote and checksummed, oldest first. An entry's
# `seed_checksum` is taken over the list in force when it was loaded, so an entry loaded by an
# earlier version is recognised as untouched by checking its values against that version's list.
# Never change a list once released: append a new one when the seed files gain fields.
SEEDED_FIELDS_V1 = (
    "name",
    "summary",
    "level",
    "onset",
    "usual_side",
    "urgency",
    "risk_factors",
    "overview",
    "mechanism",
    "symptoms",
    "emergency",
    "diagnosis",
    "treatment",
    "outlook",
    "references",
    "written_by",
    "last_reviewed",
)
SEEDED_FIELDS_V2 = (
    *SEEDED_FIELDS_V1,
    "prevalence",
    "also_known_as",
    "care_non_urgent",
    "care_urgent",
    "care_emergency",
    "emergency_action",
    "next_review_due",
    "clinical_reviewer",
    "clinical_reviewer_role",
)
SEEDED_FIELD_VERSIONS = (SEEDED_FIELDS_V1, SEEDED_FIELDS_V2)
SEEDED_FIELDS = SEEDED_FIELD_VERSIONS[-1]


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_editor_changes: list[str] = field(default_factory=list)
    # Updated entries with an editor's open draft: the draft is kept as it is, for its reviewer.
    drafts_kept: list[str] = field(default_factory=list)


def read_seed_files(directory: Path = SEED_DIR) -> list[dict]:
    entries = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as seed_file:
            entry = tomllib.load(seed_file)
        entry = {name: entry[name] for name in ("slug", *SEEDED_FIELDS)}
        entry["summary"] = " ".join(entry["summary"].split())
        # As a save stores it (Cause.save), so that the checksum is over the stored text.
        entry = {name: normalise_text(value) if isinstance(value, str) else value for name, value in entry.items()}
        entries.append(entry)
    return entries


def checksum(values: dict, fields: tuple[str, ...] = SEEDED_FIELDS) -> str:
    text = json.dumps({name: values[name] for name in fields}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def current_values(cause: Cause) -> dict:
    return {name: getattr(cause, name) for name in SEEDED_FIELDS}


def is_untouched_since_seeding(cause: Cause) -> bool:
    """
    True when nobody has edited the entry since the seed loader last wrote it. The stored
    checksum may come from any version of the loader: the entry is untouched when its values
    match the checksum over that version's fields, and every field added since still holds
    the default it was given when the column was added (an editor may already have filled one in).
    """
    values = current_values(cause)
    for fields in SEEDED_FIELD_VERSIONS:
        if checksum(values, fields) != cause.seed_checksum:
            continue
        added_later = [name for name in SEEDED_FIELDS if name not in fields]
        return all(values[name] == Cause._meta.get_field(name).get_default() for name in added_later)
    return False


@transaction.atomic
def seed_encyclopedia(entries: list[dict] | None = None) -> SeedReport:
    report = SeedReport()
    for entry in read_seed_files() if entries is None else entries:
        values = {name: entry[name] for name in SEEDED_FIELDS}
        seed_sum = checksum(values)
        cause = Cause.objects.filter(slug=entry["slug"]).first()
        if cause is None:
            cause = Cause(slug=entry["slug"], is_published=True, seed_checksum=seed_sum, **values)
            cause.full_clean()
            cause._change_reason = "Seeded from the encyclopedia's text files"
            cause.save()
            report.created.append(cause.slug)
        elif not is_untouched_since_seeding(cause):
            report.kept_editor_changes.append(cause.slug)
        elif cause.seed_checksum == seed_sum:
            report.unchanged.append(cause.slug)
        else:
            for name, value in values.items():
                setattr(cause, name, value)
            cause.seed_checksum = seed_sum
            cause.full_clean()
            cause._change_reason = "Updated from the encyclopedia's text files"
            cause.save()
            report.updated.append(cause.slug)
            if CauseDraft.objects.filter(cause=cause).exists():
                report.drafts_kept.append(cause.slug)
    return report
