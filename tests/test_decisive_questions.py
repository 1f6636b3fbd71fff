"""Decisive questions on the summary and referral pages, and the one-press answer (`/intake/<id>/answer/`)."""

import csv
import io
import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake.export import pseudonym
from intake.models import Intake, IntakeAccess, Reassessment
from intake.services import referral_record
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db

HIP_OPERATION = {"onset": "days", "course": "stable", "hip_surgery_or_injection": True}


def answer(client, intake: Intake, field: str, value: str):
    return client.post(reverse("intake:answer", kwargs={"pk": intake.pk}), {"field": field, "value": value})


@pytest.fixture
def hip_operation(intake_staff) -> Intake:
    return file_intake(intake_staff, **HIP_OPERATION)


def test_a_past_operation_with_the_72_hour_question_blank_is_an_emergency_that_asks_it(staff_client, hip_operation):
    assert hip_operation.is_emergency
    [question] = [q for q in hip_operation.decisive if q["field"] == "recent_leg_injury"]
    assert {o["answer"]: o["disposition"] for o in question["options"]} == {"yes": "emergency", "no": "urgent"}
    for url in (hip_operation.get_referral_url(), hip_operation.get_absolute_url()):
        page = staff_client.get(url).content.decode()
        assert 'id="decisive-questions"' in page
        assert page.index('id="decisive-questions"') < page.index('id="reasons-heading"')
        assert 'name="value" value="no"' in page
        assert "Yes: emergency (as now)" in page
        assert "No: urgent" in page


def test_answering_no_triages_again_to_urgent_and_lands_on_the_summary(staff_client, hip_operation, intake_staff):
    response = answer(staff_client, hip_operation, "recent_leg_injury", "no")
    assert response.status_code == 303
    assert response["Location"] == hip_operation.get_absolute_url()
    hip_operation.refresh_from_db()
    assert hip_operation.disposition == "urgent"
    assert hip_operation.recent_leg_injury is False
    assert not [q for q in hip_operation.decisive if q["field"] == "recent_leg_injury"]
    reassessment = Reassessment.objects.get(intake=hip_operation)
    assert (reassessment.disposition_before, reassessment.disposition_after) == ("emergency", "urgent")
    assert reassessment.answered_by == intake_staff
    assert reassessment.rules_fired_before and reassessment.reasons_before
    assert IntakeAccess.objects.filter(intake=hip_operation, page=IntakeAccess.Page.ANSWER).count() == 1
    summary = staff_client.get(response["Location"]).content.decode()
    assert 'id="reassessments"' in summary
    assert "Nia Nurse" in summary
    assert "urgent (was emergency)" in summary


def test_answering_yes_keeps_the_emergency_and_lands_on_the_referral_page(staff_client, hip_operation):
    response = answer(staff_client, hip_operation, "recent_leg_injury", "yes")
    assert response.status_code == 303
    assert response["Location"] == hip_operation.get_referral_url()
    hip_operation.refresh_from_db()
    assert hip_operation.is_emergency
    assert hip_operation.recent_leg_injury is True


def test_a_question_already_answered_is_not_answered_twice(staff_client, hip_operation):
    answer(staff_client, hip_operation, "recent_leg_injury", "no")
    response = answer(staff_client, hip_operation, "recent_leg_injury", "yes")
    assert response.status_code == 303
    hip_operation.refresh_from_db()
    assert hip_operation.recent_leg_injury is False
    assert Reassessment.objects.filter(intake=hip_operation).count() == 1
    assert "already been answered" in staff_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stroke_signs", "no"),  # answered yes at filing: never open to change here
        ("recent_leg_injury", "maybe"),
        ("recent_leg_injury", ""),
        ("patient_name", "Someone else"),
        ("", "no"),
        ("x" * 500, "no"),
    ],
)
def test_no_answer_outside_the_decisive_questions_is_recorded(staff_client, intake_staff, field, value):
    intake = file_intake(intake_staff, **HIP_OPERATION, stroke_signs=True)
    response = answer(staff_client, intake, field, value)
    assert response.status_code == 303
    intake.refresh_from_db()
    assert intake.is_emergency and intake.stroke_signs is True and intake.recent_leg_injury is None
    assert not Reassessment.objects.exists()


def test_a_yes_red_flag_leaves_no_question_that_could_lower_it(staff_client, intake_staff):
    intake = file_intake(intake_staff, onset="sudden", stroke_signs=True)
    assert intake.decisive == []
    assert 'id="decisive-questions"' not in staff_client.get(intake.get_referral_url()).content.decode()


def test_a_routine_case_lists_each_red_flag_not_asked(staff_client, intake_staff):
    intake = file_intake(intake_staff, onset="gradual", course="stable", leg_crossing_or_squatting=True)
    assert intake.disposition == "routine"
    flags = {q["field"]: {o["answer"]: o["disposition"] for o in q["options"]} for q in intake.decisive}
    assert flags["bladder_bowel"] == {"yes": "emergency", "no": "routine"}
    page = staff_client.get(intake.get_absolute_url()).content.decode()
    assert page.count('class="decisive-question"') == len(intake.decisive)


def test_a_referral_already_recorded_stays_on_the_record(staff_client, hip_operation, intake_staff):
    referral_record(intake=hip_operation, user=intake_staff, destination="Emergency department")
    answer(staff_client, hip_operation, "recent_leg_injury", "no")
    hip_operation.refresh_from_db()
    assert hip_operation.disposition == "urgent"
    assert hip_operation.referral_recorded and hip_operation.referral_destination == "Emergency department"


def test_the_suspected_causes_are_ranked_again(staff_client, seeded, intake_staff):
    intake = file_intake(intake_staff, **HIP_OPERATION)
    answer(staff_client, intake, "recent_leg_injury", "no")
    intake.refresh_from_db()
    ranks = list(intake.suspicions.values_list("rank", flat=True))
    assert ranks == list(range(1, len(ranks) + 1))


def test_it_sends_strangers_to_sign_in(client, hip_operation):
    response = answer(client, hip_operation, "recent_leg_injury", "no")
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    hip_operation.refresh_from_db()
    assert hip_operation.recent_leg_injury is None


@pytest.mark.parametrize("who", ["outsider", "clinical_lead", "editor"])
def test_it_refuses_people_who_may_not_file_intakes(client, hip_operation, who, request):
    client.force_login(request.getfixturevalue(who))
    assert answer(client, hip_operation, "recent_leg_injury", "no").status_code == 403
    hip_operation.refresh_from_db()
    assert hip_operation.recent_leg_injury is None


def test_it_answers_only_posts(staff_client, hip_operation):
    assert staff_client.get(reverse("intake:answer", kwargs={"pk": hip_operation.pk})).status_code == 405


def test_an_unknown_intake_is_not_found(staff_client):
    url = reverse("intake:answer", kwargs={"pk": "00000000-0000-0000-0000-000000000000"})
    assert staff_client.post(url, {"field": "recent_leg_injury", "value": "no"}).status_code == 404


def test_people_who_may_only_read_intakes_see_no_answer_buttons(client, clinical_lead, hip_operation):
    client.force_login(clinical_lead)
    assert 'id="decisive-questions"' not in client.get(hip_operation.get_absolute_url()).content.decode()


def test_the_fhir_export_is_amended_with_both_assessments(staff_client, hip_operation):
    answer(staff_client, hip_operation, "recent_leg_injury", "no")
    document = json.loads(staff_client.get(f"/intake/{hip_operation.pk}/fhir/").content)
    QuestionnaireResponse.model_validate(document)
    assert document["status"] == "amended"
    [assessment] = [item for item in document["item"] if item["linkId"] == "assessment"]
    items = {item["linkId"]: item.get("answer", []) for item in assessment["item"]}
    assert items["first_disposition"][0]["valueCoding"]["code"] == "emergency"
    assert items["disposition"][0]["valueCoding"]["code"] == "urgent"
    [reassessed] = items["reassessments"]
    assert "72 hours: No" in reassessed["valueString"] and "urgent (was emergency)" in reassessed["valueString"]


def test_an_intake_never_re_assessed_is_a_completed_fhir_response(staff_client, hip_operation):
    document = json.loads(staff_client.get(f"/intake/{hip_operation.pk}/fhir/").content)
    assert document["status"] == "completed"


def test_the_csv_export_says_which_intakes_were_re_assessed_and_from_what(
    client, staff_client, clinical_lead, intake_staff, hip_operation
):
    untouched = file_intake(intake_staff, **HIP_OPERATION)
    answer(staff_client, hip_operation, "recent_leg_injury", "no")
    client.force_login(clinical_lead)
    body = b"".join(client.get("/intake/audit/export.csv").streaming_content).decode()
    rows = {row["pseudonym"]: row for row in csv.DictReader(io.StringIO(body))}
    answered, left = rows[pseudonym(hip_operation.pk)], rows[pseudonym(untouched.pk)]
    assert (answered["first_disposition"], answered["disposition"], answered["reassessed"]) == (
        "emergency",
        "urgent",
        "yes",
    )
    assert (left["first_disposition"], left["disposition"], left["reassessed"]) == ("emergency", "emergency", "no")


def test_the_audit_counts_the_first_and_the_final_assessment(client, staff_client, clinical_lead, intake_staff):
    answered, kept = (file_intake(intake_staff, **HIP_OPERATION) for _ in range(2))
    answer(staff_client, answered, "recent_leg_injury", "no")
    answer(staff_client, kept, "recent_leg_injury", "yes")
    client.force_login(clinical_lead)
    figures = client.get("/intake/audit/").context["decisive"]
    assert (figures["answers"], figures["changed"], figures["reassessed"]) == (2, 1, 2)
    rows = {row["label"]: (row["first"], row["final"]) for row in figures["rows"]}
    assert rows == {"Emergency": (2, 1), "Urgent": (0, 1), "Routine": (0, 0)}
