import pytest
from django.core.management import call_command

from causes.models import SECTIONS, Cause, EmergencyAction
from causes.seed import SEEDED_FIELDS, SEEDED_FIELDS_V1, checksum, current_values, read_seed_files, seed_encyclopedia

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


@pytest.mark.parametrize("field", ["summary", "care_urgent", "clinical_reviewer"])
def test_seeding_never_overwrites_an_editors_change(seeded, field):
    cause = Cause.objects.get(slug="stroke")
    setattr(cause, field, "An editor's own text.")
    cause.save()

    report = seed_encyclopedia()

    assert report.kept_editor_changes == ["stroke"]
    assert getattr(Cause.objects.get(slug="stroke"), field) == "An editor's own text."


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


def seed_as_the_previous_version(**changed_text) -> None:
    """Load every entry the way the loader did before the care cards and other names existed."""
    for entry in read_seed_files():
        values = {name: entry[name] for name in SEEDED_FIELDS_V1}
        values.update(changed_text.get(entry["slug"], {}))
        Cause.objects.create(
            slug=entry["slug"], is_published=True, seed_checksum=checksum(values, SEEDED_FIELDS_V1), **values
        )


OLD_STROKE_TEXT = {"stroke": {"emergency": "Clot-busting medicine can only be given within 4.5 hours."}}


def test_an_untouched_entry_seeded_by_the_previous_version_gets_the_new_text_and_fields(db):
    seed_as_the_previous_version(**OLD_STROKE_TEXT)

    report = seed_encyclopedia()

    assert sorted(report.updated) == sorted(REQUIRED_SLUGS)
    assert not report.kept_editor_changes
    stroke = Cause.objects.get(slug="stroke")
    assert "24 hours" in stroke.emergency
    assert stroke.emergency_action == EmergencyAction.CALL_999
    assert stroke.care_emergency_bullets and "brain attack" in stroke.other_names
    assert stroke.seed_checksum == checksum(current_values(stroke))


def test_an_entry_upgraded_from_the_previous_version_is_then_unchanged_by_the_next_load(db):
    seed_as_the_previous_version()
    seed_encyclopedia()
    history_before = Cause.history.count()

    report = seed_encyclopedia()

    assert sorted(report.unchanged) == sorted(REQUIRED_SLUGS)
    assert Cause.history.count() == history_before


def test_an_edited_entry_seeded_by_the_previous_version_keeps_the_editors_text(db, capsys):
    seed_as_the_previous_version(**OLD_STROKE_TEXT)
    stroke = Cause.objects.get(slug="stroke")
    stroke.emergency = "The editor's own reviewed text."
    stroke.save()

    call_command("seed_encyclopedia")

    stroke.refresh_from_db()
    assert stroke.emergency == "The editor's own reviewed text."
    assert stroke.care_emergency == ""
    output = capsys.readouterr().out
    assert "17 updated" in output and "1 kept as edited" in output
    assert "kept the editor's version of stroke" in output


def test_a_new_field_an_editor_filled_in_on_an_old_entry_is_kept(db):
    seed_as_the_previous_version()
    cause = Cause.objects.get(slug="l5-radiculopathy")
    cause.also_known_as = "the editor's own list of names"
    cause.save()

    report = seed_encyclopedia()

    assert report.kept_editor_changes == ["l5-radiculopathy"]
    assert Cause.objects.get(slug="l5-radiculopathy").also_known_as == "the editor's own list of names"


ENTRIES = {entry["slug"]: entry for entry in read_seed_files()}

GUIDELINES = {
    "stroke": ["ta264", "ta990", "ng128"],
    "spinal-cord-compression": ["ng234"],
    "lumbosacral-plexopathy": ["ng234"],
    "spinal-cord-injury": ["ng41"],
    "amyotrophic-lateral-sclerosis": ["ng42"],
    "multiple-sclerosis": ["ng220"],
    "parkinsons-disease": ["ng71"],
    "diabetic-neuropathy": ["ng19"],
}


@pytest.mark.parametrize("slug", sorted(REQUIRED_SLUGS))
def test_every_entry_has_three_care_cards_other_names_and_a_named_review(slug):
    entry = ENTRIES[slug]
    cause = Cause(**{name: entry[name] for name in SEEDED_FIELDS})
    assert cause.care_non_urgent_bullets and cause.care_urgent_bullets and cause.care_emergency_bullets
    assert len(cause.other_names) >= 2
    assert entry["clinical_reviewer"] and entry["clinical_reviewer_role"]
    assert entry["next_review_due"] == entry["last_reviewed"].replace(year=entry["last_reviewed"].year + 3)
    cause.slug = slug
    cause.full_clean(exclude=["slug", "is_published"])


def test_only_the_stroke_card_says_call_999_alone_and_it_spells_out_fast():
    actions = {slug: entry["emergency_action"] for slug, entry in ENTRIES.items()}
    assert {slug for slug, action in actions.items() if action == EmergencyAction.CALL_999} == {"stroke"}
    card = ENTRIES["stroke"]["care_emergency"]
    for word in ("Face:", "Arms:", "Speech:", "Time:", "999"):
        assert word in card


def test_the_commonest_causes_are_marked_common_and_compartment_syndrome_rare():
    common = {slug for slug, entry in ENTRIES.items() if entry["prevalence"] == "common"}
    assert common == {"common-peroneal-neuropathy", "l5-radiculopathy"}
    assert ENTRIES["compartment-syndrome"]["prevalence"] == "rare"


@pytest.mark.parametrize("slug", sorted(GUIDELINES))
def test_condition_specific_guidelines_are_cited_with_a_link_to_their_public_page(slug):
    for code in GUIDELINES[slug]:
        assert f"NICE {code.upper()}: [" in ENTRIES[slug]["references"]
        assert f"(https://www.nice.org.uk/guidance/{code})" in ENTRIES[slug]["references"]


@pytest.mark.parametrize("slug", ["cauda-equina-syndrome", "l5-radiculopathy", "spinal-stenosis"])
def test_the_cauda_equina_pathway_is_cited_with_a_link(slug):
    assert "GIRFT: [National suspected cauda equina syndrome pathway](https://" in ENTRIES[slug]["references"]


# What the revised clinical facts require each article to say, and what they forbid.
REQUIRED_ADVICE = [
    ("stroke", "emergency", "24 hours"),
    ("stroke", "emergency", "never too late to call 999"),
    ("stroke", "treatment", "up to 24 hours after they were last known to be well"),
    ("compartment-syndrome", "emergency", "split all the way down to the skin, padding included"),
    ("compartment-syndrome", "emergency", "Keep the leg level with your heart. Do **not** raise it"),
    ("cauda-equina-syndrome", "emergency", "numb when you wipe"),
    ("cauda-equina-syndrome", "emergency", "Go even if your back does not hurt"),
    ("l5-radiculopathy", "emergency", "even if you have little or no back pain"),
    ("lumbosacral-plexopathy", "emergency", "blood thinners"),
    ("sciatic-neuropathy", "emergency", "*haematoma*"),
    ("amyotrophic-lateral-sclerosis", "treatment", "Riluzole"),
    ("amyotrophic-lateral-sclerosis", "treatment", "*non-invasive ventilation*"),
    ("amyotrophic-lateral-sclerosis", "treatment", "feeding tube"),
    ("diabetic-neuropathy", "emergency", "within one working day"),
    ("common-peroneal-neuropathy", "emergency", "within 3 days of an injury or operation"),
    ("common-peroneal-neuropathy", "diagnosis", "pulses in your foot"),
    # Round 3.
    ("guillain-barre-syndrome", "summary", "can go on spreading for up to 4 weeks"),
    ("guillain-barre-syndrome", "emergency", "heart rhythm and blood pressure can become unstable"),
    ("guillain-barre-syndrome", "diagnosis", "it can be normal in the first days"),
    ("compartment-syndrome", "emergency", "go to the fracture clinic, the plaster room or A&E **the same day**"),
    ("compartment-syndrome", "emergency", "Toes that go **numb, tingle, or turn pale or blue**: go to A&E **now**"),
    ("compartment-syndrome", "care_emergency", "not to a GP"),
    ("compartment-syndrome", "overview", "a **long lie**"),
    ("compartment-syndrome", "overview", "lying on the leg in one position during a **long operation**"),
    ("compartment-syndrome", "overview", "a **minor knock** in someone who takes **blood thinners**"),
    ("compartment-syndrome", "overview", "very **hard exercise**"),
    ("compartment-syndrome", "overview", "the **thigh** and the **buttock**"),
    ("compartment-syndrome", "symptoms", "A nerve block, an epidural or strong painkillers can hide the pain"),
    ("stroke", "emergency", "a bleed under the skull (a subdural haematoma)"),
    ("stroke", "emergency", "**call 999** if it came on suddenly or comes with a headache or drowsiness"),
    ("stroke", "treatment", "**alteplase or tenecteplase**"),
    ("stroke", "treatment", "TA990"),
    ("stroke", "outlook", "you must not drive for at least 1 month"),
    ("stroke", "outlook", "tell the DVLA"),
    ("cauda-equina-syndrome", "overview", "1 to 3 in every 100,000 people get it each year"),
    ("cauda-equina-syndrome", "emergency", "available at any hour"),
    ("cauda-equina-syndrome", "emergency", "If your scan was normal and the symptoms come back"),
]


@pytest.mark.parametrize(("slug", "field", "advice"), REQUIRED_ADVICE)
def test_each_article_gives_the_revised_advice(slug, field, advice):
    assert advice in ENTRIES[slug][field]


WITHDRAWN_ADVICE = (
    "firm board",
    "only works within 4.5 hours",
    "within 4.5 hours of the start",
    "back pain or sciatica with",
    "too late to",
    "your cast or splint feels too tight, rubs or cracks, but you have no severe pain",
    "1 to 3 in every 100,000 people.",
)


def article_text(slug: str) -> str:
    return " ".join(str(ENTRIES[slug][name]) for name in SEEDED_FIELDS)


@pytest.mark.parametrize("slug", sorted(REQUIRED_SLUGS))
def test_no_article_gives_advice_the_revised_facts_withdrew(slug):
    text = article_text(slug).replace("never too late to call 999", "")
    assert [withdrawn for withdrawn in WITHDRAWN_ADVICE if withdrawn in text] == []


def test_the_stroke_article_says_call_999_and_never_go_to_ae_instead():
    assert "999 or go to A&E" not in article_text("stroke")
    assert "**Call 999 for an ambulance straight away**" in ENTRIES["stroke"]["emergency"]


def test_a_seeded_update_keeps_an_editors_open_draft_and_reports_it(seeded, editor, capsys):
    from causes.services import cause_draft_save

    stroke = Cause.objects.get(slug="stroke")
    draft = cause_draft_save(cause=stroke, values={"outlook": "The editor's outlook."}, editor=editor, reason="Newer")
    entries = read_seed_files()
    for entry in entries:
        if entry["slug"] == "stroke":
            entry["summary"] = "A corrected summary from the seed files."

    report = seed_encyclopedia(entries)

    assert report.updated == ["stroke"] and report.drafts_kept == ["stroke"]
    stroke.refresh_from_db()
    assert stroke.summary == "A corrected summary from the seed files."
    assert stroke.draft.changes == {"outlook": "The editor's outlook."} == draft.changes
    assert stroke.draft.edited_by == editor


def test_the_command_reports_a_kept_draft(seeded, editor, capsys, monkeypatch):
    from causes import seed
    from causes.services import cause_draft_save

    stroke = Cause.objects.get(slug="stroke")
    cause_draft_save(cause=stroke, values={"outlook": "Kept."}, editor=editor, reason="Newer")
    entries = read_seed_files()
    entries[[entry["slug"] for entry in entries].index("stroke")]["summary"] = "Corrected."
    monkeypatch.setattr(seed, "read_seed_files", lambda: entries)
    call_command("seed_encyclopedia")
    assert "an editor's open draft of it is kept" in capsys.readouterr().out


# Round 3's content corrections reach entries nobody edited, and never an editor's version.
ROUND_2_TEXT = {
    "guillain-barre-syndrome": {"summary": "Weakness and tingling spread up from both feet over hours to days."},
    "compartment-syndrome": {
        "care_urgent": "your cast or splint feels too tight, rubs or cracks, but you have no severe pain"
    },
    "stroke": {"treatment": "Clot-busting medicine (thrombolysis) can dissolve a clot."},
    "cauda-equina-syndrome": {"overview": "It affects about 1 to 3 in every 100,000 people."},
}


def seed_as_before_the_round_3_corrections() -> None:
    """Every entry loaded by the current loader (its field list), the four corrected ones with their old text."""
    for entry in read_seed_files():
        values = {name: entry[name] for name in SEEDED_FIELDS} | ROUND_2_TEXT.get(entry["slug"], {})
        Cause.objects.create(slug=entry["slug"], is_published=True, seed_checksum=checksum(values), **values)


def test_the_round_3_corrections_update_the_untouched_entries_and_nothing_else(db):
    seed_as_before_the_round_3_corrections()

    report = seed_encyclopedia()

    assert sorted(report.updated) == sorted(ROUND_2_TEXT)
    assert len(report.unchanged) == len(REQUIRED_SLUGS) - len(ROUND_2_TEXT) and not report.kept_editor_changes
    assert "up to 4 weeks" in Cause.objects.get(slug="guillain-barre-syndrome").summary
    assert "tenecteplase" in Cause.objects.get(slug="stroke").treatment


def test_an_edited_entry_keeps_the_editors_text_through_the_round_3_corrections_and_is_named(db, capsys):
    seed_as_before_the_round_3_corrections()
    compartment = Cause.objects.get(slug="compartment-syndrome")
    compartment.care_urgent = "The editor's own reviewed card."
    compartment.save()

    call_command("seed_encyclopedia")

    compartment.refresh_from_db()
    assert compartment.care_urgent == "The editor's own reviewed card."
    output = capsys.readouterr().out
    assert "3 updated" in output and "1 kept as edited" in output
    assert "kept the editor's version of compartment-syndrome" in output
