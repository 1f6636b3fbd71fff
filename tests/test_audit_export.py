"""The audit export: one pseudonymous CSV row per intake, streamed, with nothing that names the patient."""

import csv
import datetime
import io
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils import timezone

import clinic
from intake.export import EXPORTED_ANSWERS, HEADER, LINES_PER_WRITE, hours_band, pseudonym
from intake.models import ANSWER_FIELDS, AuditExport, Intake
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


TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}|T\d{2}|\.\d{6}")


def test_the_csv_holds_no_time_finer_than_the_day(client, clinical_lead, intake_staff):
    filed = file(intake_staff, onset="sudden", last_known_well=timezone.now() - datetime.timedelta(hours=5))
    referral_record(intake=filed, user=intake_staff, destination="Stroke unit")
    confirm(filed, intake_staff, diagnosis="other", other_diagnosis="Migraine")
    client.force_login(clinical_lead)
    response = client.get("/intake/audit/export.csv")
    body = b"".join(response.streaming_content).decode()
    assert not TIME_OF_DAY.search(body), TIME_OF_DAY.search(body)
    row = next(csv.DictReader(io.StringIO(body)))
    year, week, _day = timezone.localdate(filed.created_at).isocalendar()
    assert row["filed_week"] == f"{year}-W{week:02d}"
    assert row["last_known_well_hours_before_filing"] == "4.5-6"
    assert row["referral_made"] == "yes"
    assert "filed_at" not in row and "last_known_well" not in row


@pytest.mark.parametrize(
    ("hours", "band"), [(0.5, "0-4.5"), (4.5, "0-4.5"), (5, "4.5-6"), (20, "6-24"), (100, "24-168"), (200, "over 168")]
)
def test_last_known_well_is_exported_as_a_band_of_hours_before_filing(hours, band):
    filed_at = timezone.now()
    assert hours_band(filed_at - datetime.timedelta(hours=hours), filed_at) == band


def test_an_unticked_history_box_or_an_unasked_red_flag_is_never_exported_as_no(client, clinical_lead, intake_staff):
    file(intake_staff, diabetes=True)
    client.force_login(clinical_lead)
    row = export(client)[1][0]
    assert row["diabetes"] == "yes"
    assert row["known_ms"] == "" and row["stroke_signs"] == "not asked"
    assert "no" not in {row[name] for name in (*clinic.HISTORY, *clinic.RED_FLAGS)}


def test_an_export_is_logged_with_who_the_period_and_the_row_count(client, clinical_lead, intake_staff):
    file(intake_staff)
    file(intake_staff)
    client.force_login(clinical_lead)
    today = timezone.localdate()
    export(client, start=(today - datetime.timedelta(days=7)).isoformat(), end=today.isoformat())
    logged = AuditExport.objects.get()
    assert logged.exported_by == clinical_lead
    assert (logged.period_start, logged.period_end) == (today - datetime.timedelta(days=7), today)
    assert logged.rows == 2 and logged.finished_at is not None
    assert logged.slot is None and logged.user_slot is None


@pytest.fixture
def second_lead(django_user_model):
    user = django_user_model.objects.create_user("lead2", "lead2@example.com", "correct horse battery")
    user.groups.add(Group.objects.get(name="Clinical leads"))
    return user


def test_exports_running_at_once_are_limited_per_person_and_overall(
    client, clinical_lead, second_lead, superuser, intake_staff, settings
):
    settings.AUDIT_EXPORTS_AT_ONCE = 2
    file(intake_staff)
    client.force_login(clinical_lead)
    running = client.get("/intake/audit/export.csv")  # streaming, not read yet: it holds its slot
    refused = client.get("/intake/audit/export.csv")
    assert running.status_code == 200
    assert refused.status_code == 429 and "other exports are running" in refused.content.decode()
    assert refused["Retry-After"]

    other = Client()
    other.force_login(second_lead)
    second = other.get("/intake/audit/export.csv")
    third = Client()
    third.force_login(superuser)
    assert second.status_code == 200 and third.get("/intake/audit/export.csv").status_code == 429

    b"".join(running.streaming_content)  # read to the end: the test client then closes it, as a server does
    assert client.get("/intake/audit/export.csv").status_code == 200


def test_a_slot_held_by_an_export_that_died_is_freed_after_a_while(client, clinical_lead, intake_staff, settings):
    client.force_login(clinical_lead)
    client.get("/intake/audit/export.csv")  # never read nor closed, as when a worker is killed
    assert client.get("/intake/audit/export.csv").status_code == 429
    AuditExport.objects.update(started_at=timezone.now() - settings.AUDIT_EXPORT_STALE - datetime.timedelta(seconds=1))
    assert client.get("/intake/audit/export.csv").status_code == 200
    assert AuditExport.objects.filter(finished_at__isnull=True).count() == 2


def test_memory_stays_flat_the_stream_is_written_in_bounded_pieces(client, clinical_lead, intake_staff):
    for _number in range(LINES_PER_WRITE + 5):
        file(intake_staff)
    client.force_login(clinical_lead)
    pieces = list(client.get("/intake/audit/export.csv").streaming_content)
    assert len(pieces) == 2
    assert pieces[0].count(b"\n") == LINES_PER_WRITE
