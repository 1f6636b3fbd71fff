"""The round-3 answers (design section 5): the onset "on waking" and the history answer "spinal procedure",
through the form, the engine, the summary page, the FHIR export and the audit CSV."""

import csv
import io

import pytest

import clinic
from intake.models import Intake
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db

ON_WAKING = clinic.CHOICE_LABELS["onset"]["on_waking"]
SPINAL_PROCEDURE = clinic.QUESTIONS["spinal_procedure"].label


def test_the_form_offers_on_waking_and_asks_about_a_spinal_procedure_with_the_vocabulary_words(staff_client):
    page = staff_client.get("/intake/new/").content.decode()
    assert 'name="onset" value="on_waking"' in page and ON_WAKING in page
    assert 'name="spinal_procedure"' in page and SPINAL_PROCEDURE in page
    assert "Worsening over the last days or weeks" in page


def test_noticed_on_waking_is_a_stroke_emergency_and_goes_to_the_referral_page(staff_client, seeded):
    response = staff_client.post("/intake/new/", intake_post_data(onset="on_waking"))
    intake = Intake.objects.get()
    assert response.status_code == 303 and response["Location"] == intake.get_referral_url()
    assert intake.onset == "on_waking" and intake.disposition == "emergency"
    assert intake.has_stroke_pathway


def test_a_spinal_procedure_with_back_pain_is_an_emergency_shown_on_the_summary(staff_client, seeded):
    staff_client.post("/intake/new/", intake_post_data(onset="days", spinal_procedure=True, back_pain_radiating=True))
    intake = Intake.objects.get()
    assert intake.spinal_procedure is True and intake.disposition == "emergency"
    assert "spinal_procedure_emergency" in intake.rules_fired
    page = staff_client.get(intake.get_absolute_url()).content.decode()
    assert SPINAL_PROCEDURE in page and "epidural haematoma or abscess" in page


def test_a_spinal_procedure_alone_is_urgent_and_left_out_is_no(staff_client, seeded):
    staff_client.post("/intake/new/", intake_post_data(onset="gradual", course="stable", spinal_procedure=True))
    staff_client.post("/intake/new/", intake_post_data(onset="gradual", course="stable"))
    alone, left_out = Intake.objects.order_by("created_at")
    assert alone.disposition == "urgent" and "spinal_procedure_urgent" in alone.rules_fired
    assert left_out.spinal_procedure is False


def test_the_fhir_export_and_the_audit_csv_carry_the_new_answers(staff_client, seeded, clinical_lead):
    staff_client.post("/intake/new/", intake_post_data(onset="on_waking", spinal_procedure=True))
    intake = Intake.objects.get()
    document = staff_client.get(f"/intake/{intake.pk}/fhir/").json()
    answers = {item["linkId"]: item.get("answer") for group in document["item"] for item in group.get("item", [])}
    assert answers["spinal_procedure"] == [{"valueBoolean": True}]
    assert answers["onset"][0]["valueCoding"]["code"] == "on_waking"
    staff_client.force_login(clinical_lead)
    body = b"".join(staff_client.get("/intake/audit/export.csv").streaming_content).decode()
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["onset"] == "on_waking" and row["spinal_procedure"] == "yes"
