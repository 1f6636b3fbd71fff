"""
The intake as FHIR R4 for the patient record: a `QuestionnaireResponse` with the patient
as a contained `Patient` and the engine's assessment as items, and the `Questionnaire` it
answers, at a stable canonical address.

Both are built from the model's answer fields (`ANSWER_FIELDS`) and their types, so a new
answer field appears here without an edit, and both are validated by `fhir.resources`
(R4B models) before they leave the site.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake.models import ANSWER_FIELDS, Disposition, Intake, LesionLevel, Reassessment

QUESTIONNAIRE_NAME = "foot-drop-intake"
# Who the patient is goes into the contained Patient, not into the answers.
IDENTITY_FIELDS = ("patient_name", "date_of_birth", "hospital_number")
PATIENT_ID = "patient"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def canonical_url() -> str:
    return site_url(reverse("intake:fhir_questionnaire"))


def code_system(name: str) -> str:
    return f"{canonical_url()}/CodeSystem/{name}"


def answer_fields() -> list[models.Field]:
    return [Intake._meta.get_field(name) for name in ANSWER_FIELDS if name not in IDENTITY_FIELDS]


def item_type(field: models.Field) -> str:
    if field.choices:
        return "choice"
    if isinstance(field, models.BooleanField):
        return "boolean"
    if isinstance(field, models.IntegerField):
        return "integer"
    if isinstance(field, models.DateTimeField):
        return "dateTime"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.TextField):
        return "text"
    return "string"


def choice_item(link_id: str, text: str, choices, *, repeats: bool = False) -> dict:
    item = {
        "linkId": link_id,
        "text": str(text),
        "type": "choice",
        "answerOption": [
            {"valueCoding": {"system": code_system(link_id), "code": value, "display": str(label)}}
            for value, label in choices
        ],
    }
    return item | ({"repeats": True} if repeats else {})


def question(field: models.Field) -> dict:
    kind = item_type(field)
    if kind == "choice":
        return choice_item(field.name, field.verbose_name, field.choices)
    return {"linkId": field.name, "text": str(field.verbose_name), "type": kind}


def assessment_questions() -> list[dict]:
    return [
        choice_item("disposition", Intake._meta.get_field("disposition").verbose_name, Disposition.choices),
        choice_item("level", Intake._meta.get_field("level").verbose_name, LesionLevel.choices),
        choice_item("first_disposition", "Disposition when filed", Disposition.choices),
        {
            "linkId": "reassessments",
            "text": "Decisive questions answered after filing",
            "type": "string",
            "repeats": True,
        },
        {"linkId": "reasons", "text": "Reasons", "type": "string", "repeats": True},
        {
            "linkId": "suspected_causes",
            "text": "Suspected causes, most likely first",
            "type": "string",
            "repeats": True,
        },
        {"linkId": "referral_made_at", "text": "Referral made at", "type": "dateTime"},
        {"linkId": "referral_destination", "text": "Referred to", "type": "string"},
    ]


def questionnaire_document() -> dict:
    items = [
        {"linkId": "answers", "text": "Answers", "type": "group", "item": [question(f) for f in answer_fields()]},
        {"linkId": "assessment", "text": "Triage assessment", "type": "group", "item": assessment_questions()},
    ]
    # The version changes exactly when the questions do.
    version = hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()[:12]
    document = {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_NAME,
        "url": canonical_url(),
        "version": version,
        "name": "FootDropIntake",
        "title": "Foot drop intake",
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }
    return Questionnaire.model_validate(document).model_dump(mode="json", by_alias=True, exclude_none=True)


def answer(field: models.Field, value) -> list[dict]:
    """
    The typed FHIR answer; none at all for "not asked", which is never reported as "no". A tick
    box left unticked (a history question) cannot tell "no" from "not asked": it gives no answer.
    """
    unticked = isinstance(field, models.BooleanField) and not field.null and value is False
    if value is None or value == "" or unticked:
        return []
    kind = item_type(field)
    if kind == "choice":
        return [{"valueCoding": coding(field.name, value, dict(field.choices).get(value, value))}]
    key = {
        "boolean": "valueBoolean",
        "integer": "valueInteger",
        "date": "valueDate",
        "dateTime": "valueDateTime",
    }.get(kind, "valueString")
    return [{key: value.isoformat() if hasattr(value, "isoformat") else value}]


def coding(link_id: str, code: str, display) -> dict:
    return {"system": code_system(link_id), "code": code, "display": str(display)}


def response_item(link_id: str, text, answers: list[dict]) -> dict:
    item = {"linkId": link_id, "text": str(text)}
    return item | ({"answer": answers} if answers else {})


def estimated_age(years: int) -> dict:
    """An extension for an age estimated when the date of birth was not known (UCUM years)."""
    return {
        "url": site_url(reverse("intake:fhir_questionnaire")) + "/StructureDefinition/estimated-age",
        "valueAge": {"value": years, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
    }


def patient(intake: Intake) -> dict:
    """The patient; with no date of birth known, no birthDate but the estimated age as an extension."""
    resource = {"resourceType": "Patient", "id": PATIENT_ID, "name": [{"text": intake.patient_name}]}
    if intake.date_of_birth is not None:
        resource["birthDate"] = intake.date_of_birth.isoformat()
    elif intake.estimated_age is not None:
        resource["extension"] = [estimated_age(intake.estimated_age)]
    if intake.hospital_number:
        resource["identifier"] = [{"type": {"text": "Hospital number"}, "value": intake.hospital_number}]
    return resource


def reassessment_text(reassessment: Reassessment) -> str:
    who = reassessment.answered_by.get_full_name() or reassessment.answered_by.get_username()
    return (
        f"{reassessment.question}: {reassessment.answer_label}, answered {reassessment.answered_at.isoformat()}"
        f" by {who}: {reassessment.disposition_after} (was {reassessment.disposition_before})"
    )


def assessment_items(intake: Intake, suspected_causes, reassessments) -> list[dict]:
    first = reassessments[0].disposition_before if reassessments else intake.disposition
    values = {
        "first_disposition": [{"valueCoding": coding("first_disposition", first, Disposition(first).label)}],
        "reassessments": [{"valueString": reassessment_text(reassessment)} for reassessment in reassessments],
        "disposition": [{"valueCoding": coding("disposition", intake.disposition, intake.get_disposition_display())}],
        "level": [{"valueCoding": coding("level", intake.level, intake.get_level_display())}],
        "reasons": [{"valueString": reason} for reason in intake.reasons],
        "suspected_causes": [{"valueString": cause.name} for cause in suspected_causes],
        "referral_made_at": [{"valueDateTime": intake.referral_made_at.isoformat()}] if intake.referral_made_at else [],
        "referral_destination": [{"valueString": intake.referral_destination}] if intake.referral_destination else [],
    }
    return [response_item(item["linkId"], item["text"], values[item["linkId"]]) for item in assessment_questions()]


def questionnaire_response_document(intake: Intake, suspected_causes) -> dict:
    questionnaire = questionnaire_document()
    reassessments = list(intake.reassessments.select_related("answered_by"))
    answers = [
        response_item(field.name, field.verbose_name, answer(field, getattr(intake, field.name)))
        for field in answer_fields()
    ]
    document = {
        "resourceType": "QuestionnaireResponse",
        "id": str(intake.pk),
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{intake.pk}"},
        "contained": [patient(intake)],
        "questionnaire": f"{questionnaire['url']}|{questionnaire['version']}",
        # Answers recorded after filing (decisive questions) amend the response.
        "status": "amended" if reassessments else "completed",
        "subject": {"reference": f"#{PATIENT_ID}"},
        "authored": intake.created_at.isoformat(),
        "author": {"display": intake.created_by.get_full_name() or intake.created_by.get_username()},
        "item": [
            {"linkId": "answers", "text": "Answers", "item": answers},
            {
                "linkId": "assessment",
                "text": "Triage assessment",
                "item": assessment_items(intake, suspected_causes, reassessments),
            },
        ],
    }
    return QuestionnaireResponse.model_validate(document).model_dump(mode="json", by_alias=True, exclude_none=True)


def as_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def file_name(intake: Intake, pseudonym: str) -> str:
    """The download's name: the day it was filed and the intake's pseudonym, never a name or a bare id."""
    return f"intake-{timezone.localdate(intake.created_at).isoformat()}-{pseudonym}.json"
