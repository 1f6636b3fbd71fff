"""
Query budgets: the exact number of SQL queries each page costs, with few rows and with
many, on SQLite and on PostgreSQL alike. A page whose count grows with the rows has an
N+1 query; a page whose count changes at all should be looked at before the budget is.
"""

import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from causes.models import Cause, Question, QuestionAllowance
from intake.models import Intake, IntakeAccess
from tests.conftest import file_intake, intake_post_data

pytestmark = pytest.mark.django_db

# The staff pages' counts include the database session (load, and save: every request
# saves it, SESSION_SAVE_EVERY_REQUEST), the user and two permission queries. The session
# engine and this process's own page cache are pinned, so that the budget is the same with
# and without Redis and no other test process can empty the cache between two requests
# (tests/test_caching.py covers both cache backends). Every staff page drawn also reads the
# emergencies overdue for a referral, for its banner: one query (intake.context_processors).
PINNED = {
    "SESSION_ENGINE": "django.contrib.sessions.backends.db",
    "CACHES": {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "budgets"},
    },
}

BUDGETS = {
    "home": 1,
    "cause list": 1,
    "cause page, cold": 4,  # the cause, its last editor, related causes, approved questions
    "cause page, warm": 0,
    "search": 3,  # the matches and their count, the names a misspelt word may mean, the number of causes
    "search, warm": 0,
    "question form": 1,  # the cause
    # The cause, the form checking the text constraint, the question saved (each in a savepoint); the
    # address's first question this hour: its allowance counted (an UPDATE that finds no row, then a row
    # made in a savepoint) and the past hours' counts let go.
    "question sent": 12,
    # With the overdue-referral banner's query and the access log's rows for the intakes shown, in one insert.
    "intake list": 11,
    "intake list search": 11,
    "intake form": 8,
    "intake save": 19,  # 3 of them check the date of birth or estimated age before saving
    "intake summary": 12,  # with its re-assessments after decisive answers
    "intake referral": 12,
}


def make_many_causes(count: int) -> None:
    Cause.objects.bulk_create(
        Cause(
            name=f"Cause number {number}",
            slug=f"cause-number-{number}",
            summary="A made-up cause for counting queries.",
            level=["brain", "peroneal", "muscle"][number % 3],
            onset="days",
            usual_side="one",
            urgency=["routine", "emergency"][number % 2],
            risk_factors=["diabetes"],
            overview="Text about nerves.",
            is_published=True,
            written_by="Tester",
        )
        for number in range(count)
    )
    # bulk_create skips save(): build the PostgreSQL search documents so that search sees them.
    Cause.objects.update_search_index()


def make_many_intakes(count: int, user: User) -> None:
    now = timezone.now()
    Intake.objects.bulk_create(
        Intake(
            created_by=user,
            submission_token=uuid.uuid4(),
            patient_name=f"Patient {number}",
            date_of_birth="1961-03-27",
            hospital_number=f"H{number}",
            side="left",
            onset=["sudden", "gradual"][number % 2],
            course="stable",
            disposition=["emergency", "routine"][number % 2],
            level="unknown",
            referral_made_by=user if number % 4 == 0 else None,
            referral_made_at=now if number % 4 == 0 else None,
        )
        for number in range(count)
    )


def queries_for(client, method: str, url: str, data=None, *, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code == status, url
    return len(queries)


def first_question_this_hour(client, slug: str) -> int:
    QuestionAllowance.objects.all().delete()
    return queries_for(client, "post", f"/causes/{slug}/questions/", {"author_name": "Ann", "text": "Why?"}, status=303)


def public_counts(client, slug: str) -> dict[str, int]:
    cache.clear()
    counts = {
        "home": queries_for(client, "get", "/"),
        "cause list": queries_for(client, "get", "/causes/"),
        "cause page, cold": queries_for(client, "get", f"/causes/{slug}/"),
        "cause page, warm": queries_for(client, "get", f"/causes/{slug}/"),
        "search": queries_for(client, "get", "/causes/?q=nerves"),
        "search, warm": queries_for(client, "get", "/causes/?q=nerves"),
        "question form": queries_for(client, "get", f"/causes/{slug}/questions/"),
        "question sent": first_question_this_hour(client, slug),
    }
    cache.clear()
    return counts


def staff_counts(client, emergency: Intake, routine: Intake) -> dict[str, int]:
    return {
        "intake list": queries_for(client, "get", "/intake/"),
        "intake list search": queries_for(client, "get", "/intake/?q=Patient"),
        "intake form": queries_for(client, "get", "/intake/new/"),
        "intake save": queries_for(client, "post", "/intake/new/", intake_post_data(diabetes=True), status=303),
        "intake summary": queries_for(client, "get", f"/intake/{routine.pk}/"),
        "intake referral": queries_for(client, "get", f"/intake/{emergency.pk}/referral/"),
    }


@override_settings(**PINNED)
def test_query_counts_stay_the_same_from_few_rows_to_many(client, seeded, intake_staff):
    emergency = file_intake(intake_staff, patient_name="Probe Patient", onset="sudden")
    routine = file_intake(intake_staff, patient_name="Probe Patient", course="stable", diabetes=True, side="both")
    IntakeAccess.objects.all().delete()
    Intake.objects.exclude(pk__in=[emergency.pk, routine.pk]).delete()
    slug = "common-peroneal-neuropathy"

    few = public_counts(client, slug)
    client.force_login(intake_staff)
    few |= staff_counts(client, emergency, routine)
    client.logout()

    make_many_causes(300 - Cause.objects.count())
    make_many_intakes(200, intake_staff)
    Question.objects.bulk_create(
        Question(
            cause=Cause.objects.get(slug=slug),
            text=f"Question {number}",
            reply="A reply.",
            status="approved",
            moderated_at=timezone.now(),
        )
        for number in range(30)
    )
    assert Cause.objects.published().count() == 300
    assert Intake.objects.count() >= 200
    many = public_counts(client, slug)
    client.force_login(intake_staff)
    many |= staff_counts(client, emergency, routine)

    assert few == many, "a page's query count grew with the number of rows"
    assert few == BUDGETS, f"on {connection.vendor}"
