"""The intake as a FHIR R4 QuestionnaireResponse, and the Questionnaire it answers, validated by fhir.resources."""

import json
import uuid

import pytest
from django.utils import timezone
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

import clinic
from intake.export import pseudonym
from intake.models import ANSWER_FIELDS, IntakeAccess
from intake.services import intake_create, outcome_record, referral_record
from tests.conftest import file_intake, make_cause

pytestmark = pytest.mark.django_db

QUESTIONNAIRE_URL = "/intake/fhir/Questionnaire/foot-drop-intake"


@pytest.fixture
def emergency(intake_staff):
    make_cause(name="Stroke", slug="stroke", level="brain", onset="sudden", urgency="emergency")
    answers = {
        "patient_name": "Fay Fhir",
        "date_of_birth": "1950-02-03",
        "hospital_number": "H123",
        "side": "left",
        "onset": "sudden",
        "stroke_signs": True,
        "dorsiflexion_mrc": 2,
        "babinski": "present",
        "notes": "Seen in the corridor.",
    }
    intake, _created = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    return referral_record(intake=intake, user=intake_staff, destination="Hyperacute stroke unit")


def download(client, intake) -> dict:
    response = client.get(f"/intake/{intake.pk}/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    filed_on = timezone.localdate(intake.created_at).isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="intake-{filed_on}-{pseudonym(intake.pk)}.json"'
    assert str(intake.pk) not in response["Content-Disposition"]
    return json.loads(response.content)


def items(document: dict, group: str) -> dict[str, dict]:
    found = next(item for item in document["item"] if item["linkId"] == group)
    return {item["linkId"]: item for item in found["item"]}


def test_the_download_is_a_valid_questionnaire_response_with_the_patient_contained(staff_client, emergency):
    document = download(staff_client, emergency)
    response = QuestionnaireResponse.model_validate(document)
    assert response.status == "completed"
    assert response.subject.reference == "#patient"
    patient = document["contained"][0]
    assert patient["resourceType"] == "Patient"
    assert patient["name"] == [{"text": "Fay Fhir"}]
    assert patient["birthDate"] == "1950-02-03"
    assert patient["identifier"][0]["value"] == "H123"
    answers = items(document, "answers")
    assert not {"patient_name", "date_of_birth", "hospital_number"} & set(answers)


def test_answers_are_typed(staff_client, emergency):
    answers = items(download(staff_client, emergency), "answers")
    assert answers["stroke_signs"]["answer"] == [{"valueBoolean": True}]
    assert "answer" not in answers["diabetes"]  # unticked: nobody can tell "no" from "not asked"
    assert answers["dorsiflexion_mrc"]["answer"] == [{"valueInteger": 2}]
    assert answers["onset"]["answer"][0]["valueCoding"]["code"] == "sudden"
    assert answers["babinski"]["answer"][0]["valueCoding"]["display"] == "Present (toe goes up)"
    assert answers["notes"]["answer"] == [{"valueString": "Seen in the corridor."}]
    # Not examined: no answer at all, never a "no".
    assert "answer" not in answers["eversion_mrc"]
    assert "answer" not in answers["course"]


def test_the_assessment_and_referral_are_items(staff_client, emergency):
    assessment = items(download(staff_client, emergency), "assessment")
    assert assessment["disposition"]["answer"][0]["valueCoding"]["code"] == "emergency"
    assert assessment["level"]["answer"][0]["valueCoding"]["code"] == emergency.level
    assert assessment["reasons"]["answer"][0]["valueString"] == emergency.reasons[0]
    assert assessment["suspected_causes"]["answer"][0] == {"valueString": "Stroke"}
    assert assessment["referral_destination"]["answer"] == [{"valueString": "Hyperacute stroke unit"}]
    assert assessment["referral_made_at"]["answer"][0]["valueDateTime"].startswith(
        emergency.referral_made_at.date().isoformat()
    )


def test_every_answer_field_is_a_question_of_the_questionnaire_with_the_matching_type(staff_client, emergency):
    questionnaire_json = staff_client.get(QUESTIONNAIRE_URL)
    assert questionnaire_json["Content-Type"].startswith("application/fhir+json")
    questionnaire = json.loads(questionnaire_json.content)
    Questionnaire.model_validate(questionnaire)
    assert questionnaire["url"].endswith(QUESTIONNAIRE_URL)
    questions = {**items(questionnaire, "answers"), **items(questionnaire, "assessment")}
    assert set(ANSWER_FIELDS) - set(questions) == {"patient_name", "date_of_birth", "hospital_number"}
    value_type = {
        "boolean": "valueBoolean",
        "integer": "valueInteger",
        "choice": "valueCoding",
        "date": "valueDate",
        "dateTime": "valueDateTime",
        "string": "valueString",
        "text": "valueString",
    }
    document = download(staff_client, emergency)
    assert document["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    answered = {**items(document, "answers"), **items(document, "assessment")}
    for link_id, item in answered.items():
        for answer in item.get("answer", []):
            assert list(answer) == [value_type[questions[link_id]["type"]]], link_id
            if "valueCoding" in answer:
                codes = {option["valueCoding"]["code"] for option in questions[link_id]["answerOption"]}
                assert answer["valueCoding"]["code"] in codes, link_id


def test_the_questionnaire_address_and_version_are_stable(staff_client):
    first = json.loads(staff_client.get(QUESTIONNAIRE_URL).content)
    second = json.loads(staff_client.get(QUESTIONNAIRE_URL).content)
    assert (first["url"], first["version"]) == (second["url"], second["version"])


def test_every_download_is_written_to_the_access_log(staff_client, emergency, intake_staff):
    download(staff_client, emergency)
    download(staff_client, emergency)
    log = IntakeAccess.objects.filter(intake=emergency, page=IntakeAccess.Page.FHIR)
    assert log.count() == 2
    assert {entry.viewed_by for entry in log} == {intake_staff}


def test_strangers_and_users_without_permission_get_nothing(client, outsider, emergency):
    for url in (f"/intake/{emergency.pk}/fhir/", QUESTIONNAIRE_URL):
        assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.get(f"/intake/{emergency.pk}/fhir/").status_code == 403
    assert client.get(QUESTIONNAIRE_URL).status_code == 403
    assert not IntakeAccess.objects.exists()


def test_an_unknown_intake_is_not_found(staff_client):
    assert staff_client.get(f"/intake/{uuid.uuid4()}/fhir/").status_code == 404


def test_a_routine_intake_with_few_answers_is_valid_too(staff_client, intake_staff):
    answers = {"patient_name": "Rae Routine", "date_of_birth": "1990-12-31", "side": "both", "onset": "lifelong"}
    intake, _created = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    document = download(staff_client, intake)
    QuestionnaireResponse.model_validate(document)
    assert "identifier" not in document["contained"][0]
    assessment = items(document, "assessment")
    assert "answer" not in assessment["referral_made_at"]
    assert "answer" not in assessment["referral_destination"]
    assert items(document, "answers")["side"]["answer"][0]["valueCoding"]["code"] == "both"


def test_an_intake_filed_with_date_of_birth_not_known_downloads_and_validates(staff_client, intake_staff):
    intake = file_intake(intake_staff, date_of_birth=None, estimated_age=70, onset="sudden")
    document = download(staff_client, intake)
    QuestionnaireResponse.model_validate(document)
    patient = document["contained"][0]
    assert "birthDate" not in patient
    (extension,) = patient["extension"]
    assert extension["url"].endswith("/StructureDefinition/estimated-age")
    assert extension["valueAge"] == {"value": 70, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"}
    assert items(document, "answers")["estimated_age"]["answer"] == [{"valueInteger": 70}]


def every_kind_of_intake(user) -> dict:
    """One intake of each kind the form can file: each disposition, each way of giving age, each red flag answer."""
    cause = make_cause(name="Stroke", slug="stroke", level="brain", onset="sudden", urgency="emergency")
    kinds = {
        "routine, date of birth": file_intake(user, onset="lifelong"),
        "age estimated": file_intake(user, date_of_birth=None, estimated_age=0),
        "emergency, referred": file_intake(
            user, onset="sudden", stroke_signs=True, last_known_well=timezone.now(), hospital_number="H1"
        ),
        "every red flag no": file_intake(user, **dict.fromkeys(clinic.RED_FLAGS, False)),
        "every history box ticked": file_intake(user, onset="days", **dict.fromkeys(clinic.HISTORY, True)),
        "fully examined": file_intake(
            user, dorsiflexion_mrc=0, ankle_reflex="absent", babinski="present", notes="Seen.", course="worsening"
        ),
    }
    referral_record(intake=kinds["emergency, referred"], user=user, destination="Stroke unit")
    outcome_record(
        intake=kinds["emergency, referred"],
        user=user,
        diagnosis="cause",
        cause=cause,
        confirmed_on=timezone.localdate(),
        confirmed_by="Dr R",
    )
    return kinds


def test_the_download_of_every_kind_of_intake_validates(staff_client, intake_staff):
    for kind, intake in every_kind_of_intake(intake_staff).items():
        document = download(staff_client, intake)
        assert QuestionnaireResponse.model_validate(document).status == "completed", kind


def test_an_unticked_history_box_is_no_answer_never_false(staff_client, intake_staff):
    intake = file_intake(intake_staff, diabetes=True, saddle_numbness=False)
    answers = items(download(staff_client, intake), "answers")
    assert answers["diabetes"]["answer"] == [{"valueBoolean": True}]
    assert "answer" not in answers["known_ms"]
    assert "answer" not in answers["stroke_signs"]  # a red flag not asked
    assert answers["saddle_numbness"]["answer"] == [{"valueBoolean": False}]  # asked, and answered no
    false_answers = [name for name in clinic.HISTORY if {"valueBoolean": False} in answers[name].get("answer", [])]
    assert false_answers == []
