"""The audit export: one pseudonymous CSV row per intake, streamed, with nothing that names the patient."""

import csv
import datetime
import io
import uuid

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from intake.export import EXPORTED_ANSWERS, HEADER, pseudonym
from intake.models import ANSWER_FIELDS, Intake
from intake.services import outcome_record, referral_record
from tests.conftest import file_intake, make_cause

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://evil.example","x")'


# Every identifying answer filled in: none of them may reach the export.
IDENTIFIERS = {
    "patient_name": "Xanthe Identifiable",
    "date_of_birth": "1944-11-22",
    "hospital_number": "HN998877",
    "notes": "Lives at 4 Privet Drive",
}


def file(user, **answers) -> Intake:
    return file_intake(user, **IDENTIFIERS | answers)


def confirm(intake, user, **diagnosis) -> None:
    outcome_record(intake=intake, user=user, confirmed_on=timezone.localdate(), confirmed_by="Dr R", **diagnosis)


def export(client, **period) -> tuple[StreamingHttpResponse, list[dict]]:
    response = client.get("/intake/audit/export.csv", period)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return response, list(csv.DictReader(io.StringIO(body)))


def test_it_streams_one_row_per_intake_in_the_period(client, clinical_lead, intake_staff):
    first, second = file(intake_staff), file(intake_staff, onset="sudden")
    old = file(intake_staff)
    Intake.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(weeks=20))
    client.force_login(clinical_lead)
    response, rows = export(client)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert [row["pseudonym"] for row in rows] == [pseudonym(first.pk), pseudonym(second.pk)]
    _, everything = export(client, start=(timezone.localdate() - datetime.timedelta(weeks=30)).isoformat())
    assert len(everything) == 3


def test_no_name_date_of_birth_hospital_number_notes_or_intake_id_is_exported(client, clinical_lead, intake_staff):
    intake = file(intake_staff)
    client.force_login(clinical_lead)
    response, rows = export(client)
    body = "\n".join(",".join(row.values()) for row in rows) + ",".join(rows[0])
    for identifier in ("Xanthe", "Identifiable", "1944-11-22", "HN998877", "Privet", str(intake.pk), intake.pk.hex):
        assert identifier not in body
    assert not {"patient_name", "date_of_birth", "hospital_number", "notes"} & set(HEADER)


def test_the_columns_follow_the_answer_fields(client, clinical_lead, intake_staff):
    file(intake_staff, diabetes=True, dorsiflexion_mrc=3, ankle_reflex="absent", saddle_numbness=False)
    client.force_login(clinical_lead)
    _, rows = export(client)
    assert set(EXPORTED_ANSWERS) == set(ANSWER_FIELDS) - {"patient_name", "date_of_birth", "hospital_number", "notes"}
    row = rows[0]
    assert list(row) == list(HEADER)
    assert (row["diabetes"], row["saddle_numbness"], row["stroke_signs"]) == ("yes", "no", "not asked")
    assert (row["dorsiflexion_mrc"], row["eversion_mrc"]) == ("3", "")
    assert row["ankle_reflex"] == "absent"


def test_referral_time_and_outcome_are_in_the_row(client, clinical_lead, intake_staff):
    cause = make_cause(name="Stroke", slug="stroke", level="brain", urgency="emergency")
    intake = file(intake_staff, onset="sudden")
    referral_record(intake=intake, user=intake_staff, destination="Stroke unit")
    Intake.objects.filter(pk=intake.pk).update(referral_made_at=intake.created_at + datetime.timedelta(minutes=42))
    confirm(intake, intake_staff, diagnosis="cause", cause=cause)
    client.force_login(clinical_lead)
    row = export(client)[1][0]
    assert (row["disposition"], row["door_to_referral_minutes"]) == ("emergency", "42")
    assert (row["confirmed_diagnosis"], row["confirmed_cause"]) == ("cause", "stroke")
    assert "stroke" in row["suspected_causes"].split(";")


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(client, clinical_lead, intake_staff):
    intake = file(intake_staff)
    other = file(intake_staff)
    confirm(intake, intake_staff, diagnosis="other", other_diagnosis=HOSTILE_NAME)
    Intake.objects.filter(pk=other.pk).update(rules_fired=["=cmd|' /C calc'!A0", "+1", "@SUM(1)", "-2"])
    client.force_login(clinical_lead)
    rows = export(client)[1]
    cells = [value for row in rows for value in row.values()]
    assert not any(value.startswith(("=", "+", "-", "@")) for value in cells)
    assert HOSTILE_NAME not in ",".join(cells)  # free text is never exported
    assert rows[1]["rules_fired"].startswith("'=cmd")


def test_the_same_intake_always_gets_the_same_pseudonym_and_different_intakes_different_ones():
    first, second = uuid.uuid4(), uuid.uuid4()
    assert pseudonym(first) == pseudonym(first)
    assert pseudonym(first) != pseudonym(second)
    assert str(first) not in pseudonym(first)
