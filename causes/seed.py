"""
Loading the encyclopedia's starting content from the reviewable text files in
`causes/encyclopedia/`, one TOML file per cause.

Loading is idempotent: an entry is created when missing, updated when its seed
file changed and nobody edited it since, and left alone once an editor has
changed it.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from causes.models import Cause

SEED_DIR = Path(__file__).resolve().parent / "encyclopedia"

SEEDED_FIELDS = (
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


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_editor_changes: list[str] = field(default_factory=list)


def read_seed_files(directory: Path = SEED_DIR) -> list[dict]:
    entries = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as seed_file:
            entry = tomllib.load(seed_file)
        entry = {name: entry[name] for name in ("slug", *SEEDED_FIELDS)}
        entry["summary"] = " ".join(entry["summary"].split())
        entries.append(entry)
    return entries


def checksum(values: dict) -> str:
    text = json.dumps({name: values[name] for name in SEEDED_FIELDS}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def current_values(cause: Cause) -> dict:
    return {name: getattr(cause, name) for name in SEEDED_FIELDS}


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
        elif checksum(current_values(cause)) != cause.seed_checksum:
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
    return report
