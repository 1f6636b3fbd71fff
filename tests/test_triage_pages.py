"""The referral page's one first action and stroke clock, and what the summary says about red flags and ranking."""

import html
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

import clinic
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db
CLOCK = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def element_text(page: str, element_id: str) -> str:
    match = re.search(rf'<div [^>]*id="{element_id}"[^>]*>(.*?)</div>', page, re.S)
    assert match, element_id
    return " ".join(strip_tags(match.group(1)).split())


def test_one_pathway_leads_with_its_own_instruction_and_names_the_suspicion(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, saddle_numbness=True)
    first = element_text(staff_client.get(intake.get_referral_url()).content.decode(), "first-action")
    assert "Send the patient to the emergency department now and call the on-call spinal surgeon." in first
    assert "Tell them: suspected cauda equina syndrome." in first
    assert "Scan: Emergency MRI of the lumbar spine." in first


def test_several_pathways_lead_with_one_call_to_999_naming_every_suspicion(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden", bladder_bowel=True)
    page = staff_client.get(intake.get_referral_url()).content.decode()
    first = element_text(page, "first-action")
    assert first.startswith("Do this now Call 999 for an ambulance to the emergency department.")
    assert "tell them: suspected stroke; suspected cauda equina syndrome" in first
    steps = page[page.index("Then, for each suspicion") :]
    assert steps.index("Suspected stroke:") < steps.index("Suspected cauda equina syndrome:")
    assert "Call 999 for an ambulance to a hyperacute stroke unit" in steps
    assert "the emergency number" not in page


def test_the_stroke_page_counts_the_hours_since_last_known_well_and_is_never_too_late(
    staff_client, seeded, intake_staff
):
    with mock.patch.object(timezone, "now", return_value=CLOCK):
        intake = file_intake(intake_staff, onset="sudden", last_known_well=CLOCK - timedelta(hours=3))
        early = element_text(staff_client.get(intake.get_referral_url()).content.decode(), "stroke-clock")
    assert "3 h ago" in early and "(as at " in early
    assert "The 4.5-hour window for thrombolysis closes at" in early and "Call 999 now" in early
    with mock.patch.object(timezone, "now", return_value=CLOCK + timedelta(hours=30)):
        staff_client.force_login(intake_staff)  # the first session has long expired by then
        page = staff_client.get(intake.get_referral_url()).content.decode()
    late = element_text(page, "stroke-clock")
    # More than 24 hours on: no countdown anywhere on the page, and never "too late".
    assert "33 h ago" in late and "no treatment-window countdown" in late
    assert "closes at" not in page and "too late" not in late


def test_the_clock_and_the_why_list_are_made_from_the_same_last_known_well(staff_client, seeded, intake_staff):
    with mock.patch.object(timezone, "now", return_value=CLOCK):
        intake = file_intake(intake_staff, onset="sudden", last_known_well=CLOCK - timedelta(hours=2, minutes=40))
        page = staff_client.get(intake.get_referral_url()).content.decode()
    well = timezone.localtime(intake.last_known_well)
    assert f"Last known well at {well.day} {well:%b %Y %H:%M}" in page  # the Why list keeps the fact
    clock = element_text(page, "stroke-clock")
    assert f"Last known well {well.day} {well:%B %Y, %H:%M}, 2 h 40 min ago (as at" in clock


def test_a_stroke_without_a_time_last_known_well_asks_for_it(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    clock = element_text(staff_client.get(intake.get_referral_url()).content.decode(), "stroke-clock")
    assert "Ask when the person was last known to be well" in clock


def test_a_cord_lesion_asks_for_a_whole_spine_scan(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="days", bladder_bowel=True, knee_reflex="brisk", babinski="present")
    page = staff_client.get(intake.get_referral_url()).content.decode()
    assert "Emergency MRI of the whole spine" in page
    assert "MRI of the lumbar spine" not in page


def test_the_summary_gives_each_red_flag_its_own_row_with_its_answer_and_what_it_means(
    staff_client, seeded, intake_staff
):
    intake = file_intake(intake_staff, course="stable", stroke_signs=False, bladder_bowel=False)
    page = staff_client.get(intake.get_absolute_url()).content.decode()
    table = page.split('id="red-flags-answered"')[1].split("</table>")[0]
    headings = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headings == ["Red flag", "Answer", "What it means"]
    rows = {
        html.unescape(label.strip()): (answer.strip(), meaning.strip())
        for label, answer, meaning in re.findall(
            r'<th scope="row"[^>]*>([^<]+)</th>\s*<td[^>]*>(?:<svg.*?</svg>)?([^<]+)</td><td>([^<]+)</td>', table
        )
    }
    assert len(rows) == len(clinic.RED_FLAGS)
    assert rows[clinic.QUESTIONS["stroke_signs"].label] == ("No", "Asked: not present")
    assert rows[clinic.QUESTIONS["saddle_numbness"].label] == ("Not asked", "Not ruled out: ask now")
    # Not asked before no: what is left to do comes first.
    assert table.index(clinic.QUESTIONS["saddle_numbness"].label) < table.index(clinic.QUESTIONS["stroke_signs"].label)


def test_the_summary_says_when_there_is_too_little_to_rank_the_causes(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="unknown", side="right")
    page = staff_client.get(intake.get_absolute_url()).content.decode()
    assert "Too little information to rank the causes" in page
    assert intake.ranked_causes() == []


def test_the_summary_ranks_the_commoner_cause_first_and_never_an_emergency_only_cause_without_its_answer(
    staff_client, seeded, intake_staff
):
    intake = file_intake(
        intake_staff, course="stable", dorsiflexion_mrc=4, eversion_mrc=4, inversion_mrc=5, hip_abduction_mrc=5
    )
    slugs = [cause.slug for cause in intake.ranked_causes()]
    assert slugs[0] == "common-peroneal-neuropathy"
    assert "compartment-syndrome" not in slugs


def test_both_legs_never_light_up_the_plexus_on_the_pathway_figure(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, side="both", course="stable", hip_abduction_mrc=3, knee_flexion_mrc=4)
    page = staff_client.get(intake.get_absolute_url()).content.decode()
    assert intake.level != "plexus"
    here = re.findall(r'pathway__step pathway__step--here">\s*<rect[^>]*/>\s*<text[^>]*>([^<]*)<', page)
    assert here and not any("plexus" in label for label in here)


def test_an_emergency_record_without_referral_steps_still_says_call_999(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    intake.referrals = []
    intake.save(update_fields=["referrals"])
    first = element_text(staff_client.get(intake.get_referral_url()).content.decode(), "first-action")
    assert first == "Do this now Call 999 for an ambulance to the emergency department."
