import pytest
from django.core.management import call_command

from causes.models import SECTIONS, Cause
from causes.seed import read_seed_files, seed_encyclopedia

pytestmark = pytest.mark.django_db

REQUIRED_SLUGS = {
    "common-peroneal-neuropathy",
    "l5-radiculopathy",
    "spinal-stenosis",
    "cauda-equina-syndrome",
    "sciatic-neuropathy",
    "lumbosacral-plexopathy",
    "stroke",
    "multiple-sclerosis",
    "parkinsons-disease",
    "brain-tumour",
    "spinal-cord-injury",
    "spinal-cord-compression",
    "amyotrophic-lateral-sclerosis",
    "charcot-marie-tooth-disease",
    "muscular-dystrophy",
    "diabetic-neuropathy",
    "guillain-barre-syndrome",
    "compartment-syndrome",
}


def test_seeding_publishes_all_eighteen_causes(seeded):
    assert set(Cause.objects.published().values_list("slug", flat=True)) == REQUIRED_SLUGS


def test_every_seed_entry_is_a_whole_article_with_references():
    for entry in read_seed_files():
        words = sum(len(entry[field].split()) for field, _heading in SECTIONS)
        assert 400 <= words <= 950, (entry["slug"], words)
        assert "TODO" not in " ".join(str(value) for value in entry.values()), entry["slug"]
        assert entry["references"].strip().startswith("- "), entry["slug"]
        assert len(entry["summary"]) <= 300, entry["slug"]


def test_seeding_twice_changes_nothing(seeded):
    history_before = Cause.history.count()
    report = seed_encyclopedia()
    assert report.unchanged and not (report.created or report.updated or report.kept_editor_changes)
    assert Cause.objects.count() == 18
    assert Cause.history.count() == history_before


def test_seeding_never_overwrites_an_editors_change(seeded):
    cause = Cause.objects.get(slug="stroke")
    cause.summary = "An editor's own summary."
    cause.save()

    report = seed_encyclopedia()

    assert report.kept_editor_changes == ["stroke"]
    assert Cause.objects.get(slug="stroke").summary == "An editor's own summary."


def test_a_changed_seed_file_updates_an_untouched_entry(seeded):
    entries = read_seed_files()
    for entry in entries:
        if entry["slug"] == "stroke":
            entry["summary"] = "A reviewed summary from the seed files."

    report = seed_encyclopedia(entries)

    assert report.updated == ["stroke"]
    assert Cause.objects.get(slug="stroke").summary == "A reviewed summary from the seed files."


def test_the_command_reports_what_it_did(db, capsys):
    call_command("seed_encyclopedia")
    assert "18 created" in capsys.readouterr().out
