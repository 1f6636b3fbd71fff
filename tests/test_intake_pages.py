import datetime
import html
import uuid
from unittest import mock

import pytest
from django.utils import timezone

from intake.models import IntakeAccess
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db


def test_the_referral_page_is_an_unmistakable_emergency(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="days", bladder_bowel=True, hospital_number="H42")
    page = staff_client.get(f"/intake/{intake.pk}/referral/").content.decode()
    assert 'role="alert"' in page and "Immediate action required" in page
    assert '<svg class="icon"' in page
    assert "on-call spinal" in page
    banner = page.split('id="patient-banner"')[1].split("</section>")[0]
    assert "Alex Example" in banner and "born 27 Mar 1961" in banner and "H42" in banner and "by Nia Nurse" in banner
    # The banner comes first, before the instruction; the record buttons straight after the instruction.
    assert page.index('id="patient-banner"') < page.index('id="referral-heading"') < page.index('id="first-action"')
    assert page.index('id="first-action"') < page.index('id="referral-record-heading"') < page.index('id="reasons')
    suspected = page.split('id="suspected-causes"')[1].split("</ol>")[0]
    assert suspected.index('href="/causes/cauda-equina-syndrome/"') == suspected.index('href="')
    assert "I have referred to: Emergency department, on-call spinal surgical team" in page


@pytest.mark.parametrize(
    "answers, calls_999",
    [
        ({"onset": "sudden"}, True),  # the stroke pathway: 999 to a stroke unit
        ({"onset": "sudden", "bladder_bowel": True}, True),  # several pathways: 999 first
        ({"onset": "days", "bladder_bowel": True}, False),  # the emergency department, no ambulance named
    ],
)
def test_a_tap_to_call_999_link_stands_where_the_first_action_is_999(
    staff_client, seeded, intake_staff, answers, calls_999
):
    intake = file_intake(intake_staff, **answers)
    page = staff_client.get(f"/intake/{intake.pk}/referral/").content.decode()
    assert ('href="tel:999"' in page) is calls_999
    assert ("999" in intake.referrals[0]["destination"]) is calls_999


def test_the_page_title_never_names_the_patient(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    for url in (f"/intake/{intake.pk}/", f"/intake/{intake.pk}/referral/"):
        page = staff_client.get(url).content.decode()
        assert "Alex Example" not in page.split("<title>")[1].split("</title>")[0]


def test_recording_the_referral_keeps_who_when_and_where(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    response = staff_client.post(
        f"/intake/{intake.pk}/referral/",
        {"destination": "other", "other_destination": " Ambulance to  the stroke unit ", "note": "Ref 991"},
    )
    assert response.status_code == 303
    intake.refresh_from_db()
    assert intake.referral_made_by == intake_staff
    assert intake.referral_made_at is not None
    assert intake.referral_destination == "Ambulance to the stroke unit"
    assert intake.referral_note == "Ref 991"
    page = staff_client.get(f"/intake/{intake.pk}/referral/").content.decode()
    assert "to Ambulance to the stroke unit" in page.split('id="referral-made-heading">')[1].split("</h1>")[0]
    assert "Note: Ref 991" in page


def test_a_referral_without_a_destination_is_refused_on_its_field(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    response = staff_client.post(f"/intake/{intake.pk}/referral/", {"destination": "  "})
    assert response.status_code == 400
    assert "destination" in response.context["form"].errors
    intake.refresh_from_db()
    assert intake.referral_made_at is None


def test_a_non_emergency_has_no_referral_page(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, course="stable")
    response = staff_client.get(f"/intake/{intake.pk}/referral/")
    assert response.status_code == 302
    assert response["Location"] == f"/intake/{intake.pk}/"


def test_the_summary_shows_disposition_level_reasons_and_causes(staff_client, seeded, intake_staff):
    intake = file_intake(
        intake_staff,
        onset="days",
        course="stable",
        back_pain_radiating=True,
        dorsiflexion_mrc=3,
        inversion_mrc=3,
        hip_abduction_mrc=4,
        eversion_mrc=3,
    )
    page = staff_client.get(f"/intake/{intake.pk}/").content.decode()
    assert intake.level == "nerve_root"
    assert "Nerve roots" in page
    assert "pathway__step--here" in page
    assert "Non-urgent advice:" in page or "Urgent advice:" in page
    for reason in intake.reasons:
        assert reason.split(":")[0] in page
    assert 'href="/causes/l5-radiculopathy/"' in page.split('id="suspected-causes"')[1]


def test_an_urgent_intake_shows_the_urgent_card(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="unknown")
    page = staff_client.get(f"/intake/{intake.pk}/").content.decode()
    assert intake.disposition == "urgent"
    assert "Urgent advice:" in page


def test_the_list_puts_emergencies_awaiting_referral_first(staff_client, seeded, intake_staff):
    waiting = file_intake(intake_staff, patient_name="Waiting Emergency", onset="sudden")
    file_intake(intake_staff, patient_name="Newer Routine", course="stable")
    page = staff_client.get("/intake/").content.decode()
    assert page.index("Waiting Emergency") < page.index("Newer Routine")
    assert "Awaiting referral" in page
    waiting.referral_made_at = waiting.created_at
    waiting.referral_made_by = intake_staff
    waiting.save()
    page = staff_client.get("/intake/").content.decode()
    assert page.index("Newer Routine") < page.index("Waiting Emergency")


def test_the_list_searches_by_name_or_hospital_number(staff_client, seeded, intake_staff):
    file_intake(intake_staff, patient_name="Rhiannon Jones", hospital_number="H1")
    file_intake(intake_staff, patient_name="Sam Smith", hospital_number="H2")
    page = staff_client.get("/intake/", {"q": "rhiannon"}).content.decode()
    assert "Rhiannon Jones" in page and "Sam Smith" not in page
    page = staff_client.get("/intake/", {"q": "H2"}).content.decode()
    assert "Sam Smith" in page and "Rhiannon Jones" not in page
    assert "No intake matches" in staff_client.get("/intake/", {"q": "nobody"}).content.decode()


@pytest.mark.parametrize("page_number", ["0", "-1", "abc", "99999", "1" * 400])
def test_the_list_survives_any_page_number(staff_client, page_number):
    assert staff_client.get("/intake/", {"page": page_number}).status_code == 200


def test_every_view_of_an_intake_is_logged(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    staff_client.get(f"/intake/{intake.pk}/")
    staff_client.get(f"/intake/{intake.pk}/referral/")
    log = list(IntakeAccess.objects.values_list("intake", "viewed_by", "page"))
    assert sorted(log) == sorted([(intake.pk, intake_staff.pk, "summary"), (intake.pk, intake_staff.pk, "referral")])


def test_the_intake_list_logs_each_intake_it_shows(staff_client, intake_staff):
    shown = {file_intake(intake_staff, patient_name=f"Patient {number}") for number in range(3)}
    assert staff_client.get("/intake/").status_code == 200
    rows = IntakeAccess.objects.all()
    assert {row.intake for row in rows} == shown
    assert {(row.viewed_by, row.page) for row in rows} == {(intake_staff, IntakeAccess.Page.LIST)}


def test_an_intake_list_search_is_logged_as_a_search_without_its_words(staff_client, intake_staff):
    found = file_intake(intake_staff, patient_name="Quentin Searched", hospital_number="HN5150")
    file_intake(intake_staff, patient_name="Other Person")
    assert staff_client.get("/intake/", {"q": "Quentin"}).status_code == 200
    row = IntakeAccess.objects.get()
    assert (row.intake, row.viewed_by, row.page) == (found, intake_staff, IntakeAccess.Page.LIST_SEARCH)
    assert "Quentin" not in str([field.value_from_object(row) for field in IntakeAccess._meta.fields])


def test_the_outcome_page_writes_an_access_log_row(staff_client, intake_staff):
    intake = file_intake(intake_staff)
    assert staff_client.get(f"/intake/{intake.pk}/outcome/").status_code == 200
    row = IntakeAccess.objects.get()
    assert (row.intake, row.viewed_by, row.page) == (intake, intake_staff, IntakeAccess.Page.OUTCOME)


def test_an_unknown_intake_is_not_found(staff_client):
    assert staff_client.get(f"/intake/{uuid.uuid4()}/").status_code == 404
    assert staff_client.get("/intake/12/").status_code == 404


def test_each_pathway_destination_is_a_one_click_button_and_records_the_referral(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden", bladder_bowel=True)
    destinations = intake.referral_places()
    page = staff_client.get(f"/intake/{intake.pk}/referral/").content.decode()
    # 999 to the emergency department first, then the stroke unit and the spinal team: each place once.
    assert destinations == [
        "Emergency department, by 999 ambulance",
        "Hyperacute stroke unit, by 999 ambulance",
        "Emergency department, on-call spinal surgical team",
    ]
    for destination in destinations:
        assert f'name="destination" value="{html.escape(destination)}"' in page
    response = staff_client.post(f"/intake/{intake.pk}/referral/", {"destination": destinations[1]})
    assert response.status_code == 303
    intake.refresh_from_db()
    assert intake.referral_destination == destinations[1]
    made = timezone.localtime(intake.referral_made_at).strftime("%H:%M")
    page = staff_client.get(f"/intake/{intake.pk}/referral/").content.decode()
    heading = page.split('id="referral-made-heading">')[1].split("</h1>")[0]
    assert f"Referral made {made} by Nia Nurse to {html.escape(destinations[1])}" in heading
    assert 'role="alert"' not in page


def test_a_destination_not_on_the_intakes_pathways_is_refused(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    response = staff_client.post(f"/intake/{intake.pk}/referral/", {"destination": "Somewhere made up"})
    assert response.status_code == 400
    assert "Choose one of the destinations listed" in " ".join(response.context["form"].errors["destination"])
    intake.refresh_from_db()
    assert intake.referral_made_at is None


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"destination": "other", "other_destination": "  "}, "other_destination", "Enter where the patient was"),
        ({"other_destination": "Ward 4"}, "destination", "Choose where the patient was referred"),
    ],
)
def test_somewhere_else_needs_its_name_and_its_own_button(staff_client, seeded, intake_staff, data, field, message):
    intake = file_intake(intake_staff, onset="sudden")
    response = staff_client.post(f"/intake/{intake.pk}/referral/", data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    intake.refresh_from_db()
    assert intake.referral_made_at is None


def test_enter_in_the_somewhere_else_box_never_records_the_first_destination(staff_client, seeded, intake_staff):
    """Enter in a text box presses the form's first button: a listed destination, with a typed one beside it."""
    intake = file_intake(intake_staff, onset="sudden")
    first = intake.referral_places()[0]
    data = {"destination": first, "other_destination": "Ward 4"}
    response = staff_client.post(f"/intake/{intake.pk}/referral/", data)
    assert response.status_code == 400
    assert "I have referred somewhere else" in " ".join(response.context["form"].errors["other_destination"])
    intake.refresh_from_db()
    assert intake.referral_made_at is None


def test_the_unrecorded_referral_form_is_left_out_of_the_printed_letter(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    page = staff_client.get(f"/intake/{intake.pk}/referral/").content.decode()
    assert "record it here" not in page
    assert 'class="referral-record no-print"' in page
    assert '<p class="print-only">Referral: not yet recorded.</p>' in page


@pytest.mark.parametrize("page", ["list", "summary", "referral"])
def test_every_page_that_shows_the_patient_gives_the_date_of_birth_and_age_or_the_estimated_age(
    staff_client, seeded, intake_staff, page
):
    known = file_intake(intake_staff, onset="sudden")
    unknown = file_intake(intake_staff, onset="sudden", date_of_birth=None, estimated_age=70, patient_name="Una Known")
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 11, 30)):
        for intake in (known, unknown):
            url = {"list": "/intake/", "summary": intake.get_absolute_url(), "referral": intake.get_referral_url()}
            content = staff_client.get(url[page]).content.decode()
            expected = "born 27 Mar 1961 (65)" if intake is known else "age about 70 (date of birth not known)"
            assert expected in content


def test_the_list_shows_the_state_first_and_a_second_identifier_by_the_name(staff_client, seeded, intake_staff):
    file_intake(intake_staff, onset="sudden", hospital_number="H77")
    page = staff_client.get("/intake/").content.decode()
    row = page.split('<tr class="intake-row">')[1].split("</tr>")[0]
    cells = row.split("<td")
    assert "Emergency" in cells[1] and "Awaiting referral" in cells[1]
    assert "Alex Example" in cells[2] and "born 27 Mar 1961" in cells[2] and "H77" in cells[2]
    assert "table-responsive" not in page


def record_referral(client, intake) -> None:
    response = client.post(intake.get_referral_url(), {"destination": intake.referral_places()[0]})
    assert response.status_code == 303


@pytest.mark.parametrize("page", ["list", "summary", "referral", "outcome"])
def test_once_the_referral_is_recorded_every_page_of_the_intake_says_so_and_no_longer_asks_to_act(
    staff_client, seeded, intake_staff, page
):
    intake = file_intake(intake_staff, onset="sudden", bladder_bowel=True)
    record_referral(staff_client, intake)
    intake.refresh_from_db()
    made = timezone.localtime(intake.referral_made_at).strftime("%H:%M")
    url = {"list": "/intake/", "summary": intake.get_absolute_url(), "referral": intake.get_referral_url()}
    content = staff_client.get(url.get(page, f"/intake/{intake.pk}/outcome/")).content.decode()
    made_words = f"Referral made {made} by Nia Nurse to {html.escape(intake.referral_destination)}"
    assert made_words in content
    for stale in ("Immediate action required", "Do this now", "Open the emergency referral page", "Awaiting referral"):
        assert stale not in content
    assert 'role="alert"' not in content and "I have referred to" not in content


@pytest.mark.parametrize("url", ["summary", "referral"])
def test_after_the_referral_the_page_says_what_to_do_next(staff_client, seeded, intake_staff, url):
    intake = file_intake(intake_staff, onset="sudden", bladder_bowel=True)
    record_referral(staff_client, intake)
    page = staff_client.get(intake.get_absolute_url() if url == "summary" else intake.get_referral_url())
    next_steps = page.content.decode().split('id="referral-next-heading"')[1].split("</section>")[0]
    assert "Tell the receiving team: suspected stroke; suspected cauda equina syndrome." in next_steps
    assert "Ask for: Emergency MRI of the lumbar spine." in next_steps
    assert "Send with the patient:" in next_steps and "referral letter" in next_steps


def test_before_the_referral_the_summary_sends_staff_to_the_referral_page(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, onset="sudden")
    page = staff_client.get(intake.get_absolute_url()).content.decode()
    assert "Immediate action required" in page and "Open the emergency referral page" in page
    assert 'id="referral-made"' not in page


@pytest.mark.parametrize("url", ["/intake/", "/intake/new/"])
def test_staff_pages_leave_out_the_public_general_information_footer(staff_client, url):
    page = staff_client.get(url).content.decode()
    assert "This site gives general information" not in page and "<footer" not in page
