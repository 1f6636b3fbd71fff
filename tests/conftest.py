"""Shared users and builders for the whole suite."""

import copy
import os
import uuid
from datetime import UTC, datetime
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from causes.models import Cause, Question, QuestionStatus
from causes.seed import read_seed_files, seed_encyclopedia
from intake.models import Intake
from intake.services import intake_create


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """
    On SQLite, tests use a file, not the default in-memory database, so that a live server's
    threads share one database the way an app server's workers do; one file per test process
    (each parallel worker, each run side by side in one checkout), so that they never meet.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(settings.BASE_DIR / f"test-db-{os.getpid()}.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def plain_static_files(django_test_environment):
    """
    Tests serve static files from the source folders under their plain names: the hashed
    names of production's manifest storage exist only after collectstatic, which `make test`
    runs separately as a check of the production build.
    """
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(scope="session", autouse=True)
def own_redis_database(django_test_environment):
    """
    Each parallel worker (pytest -n) gets its own Redis database after the one REDIS_URL names,
    as clearing the cache empties a whole database: REDIS_URL=redis://host/1 gives workers 1, 2, …
    """
    default = settings.CACHES["default"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not default["BACKEND"].endswith("RedisCache"):
        yield
        return
    location = redis_location_for_worker(default["LOCATION"], worker)
    with override_settings(CACHES={**settings.CACHES, "default": {**default, "LOCATION": location}}):
        yield


def redis_location_for_worker(location: str, worker: str) -> str:
    """redis://host:6379/1 for worker gw0 is redis://host:6379/1; for gw2, redis://host:6379/3."""
    address = urlsplit(location)
    database = int(address.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return address._replace(path=f"/{database}").geturl()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 takes a large part of a second per hash, by design; tests/test_settings.py checks the site uses it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def make_cause(**overrides) -> Cause:
    values = {
        "name": "Test neuropathy",
        "slug": "test-neuropathy",
        "summary": "A cause made for a test.",
        "level": "peroneal",
        "onset": "days",
        "usual_side": "one",
        "urgency": "routine",
        "risk_factors": [],
        "overview": "An overview.",
        "is_published": True,
        "written_by": "Test author",
    }
    values.update(overrides)
    return Cause.objects.create(**values)


# A moment for tests that check a recorded time: the clock stands still, whatever the machine's speed.
FIXED_NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def fixed_clock():
    with mock.patch("django.utils.timezone.now", return_value=FIXED_NOW):
        yield FIXED_NOW


def make_question(cause: Cause, *, status=QuestionStatus.APPROVED, text="A question.", **values) -> Question:
    """A reader question as it stands after moderation (approved unless told otherwise)."""
    values.setdefault("author_name", "Ann")
    moderated_at = None if status == QuestionStatus.PENDING else timezone.now()
    return Question.objects.create(cause=cause, status=status, text=text, moderated_at=moderated_at, **values)


@pytest.fixture
def cause(db):
    return make_cause()


@pytest.fixture(scope="session")
def seed_entries(django_test_environment) -> list[dict]:
    """The encyclopedia's text files, parsed once per test process; each `seeded` test loads a copy."""
    return read_seed_files()


@pytest.fixture
def seeded(db, seed_entries):
    seed_encyclopedia(copy.deepcopy(seed_entries))
    return Cause.objects.all()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "correct horse battery")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


@pytest.fixture
def reviewer(django_user_model):
    """A clinician in "Clinical reviewers", named as the page's reviewer when they approve a draft."""
    user = django_user_model.objects.create_user(
        "reviewer", "reviewer@example.com", "correct horse battery", first_name="Rhian", last_name="Rees"
    )
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    return user


def approve_draft(cause: Cause, reviewer, role: str = "Consultant neurologist") -> Cause:
    """Sign off the cause's open draft as `reviewer`, as the approval page does."""
    from causes.services import cause_draft_approve

    draft = cause.__class__.objects.get(pk=cause.pk).draft
    return cause_draft_approve(cause=cause, reviewer=reviewer, role=role, version=draft.version)


@pytest.fixture
def outsider(django_user_model):
    """Signed in, but in no group: may see nothing private."""
    return django_user_model.objects.create_user("outsider", "outsider@example.com", "correct horse battery")


@pytest.fixture
def intake_staff(django_user_model):
    user = django_user_model.objects.create_user(
        "nurse", "nurse@example.com", "correct horse battery", first_name="Nia", last_name="Nurse"
    )
    user.groups.add(Group.objects.get(name="Intake staff"))
    return user


@pytest.fixture
def staff_client(client, intake_staff):
    client.force_login(intake_staff)
    return client


PASSWORD = "correct horse battery"


def sign_in(client, username: str, password: str = PASSWORD, *, address: str = "127.0.0.1", **extra):
    """Post the sign-in form through the test client, from `address`."""
    return client.post("/accounts/login/", {"username": username, "password": password, **extra}, REMOTE_ADDR=address)


def row_counts() -> dict[str, int]:
    """Rows in every table: what a page that stores nothing must leave as it found it."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def file_intake(user, **answers) -> Intake:
    """An intake filed through the service: the fewest answers it needs, plus any given."""
    values = {"patient_name": "Alex Example", "date_of_birth": "1961-03-27", "side": "left", "onset": "gradual"}
    intake, _created = intake_create(answers={**values, **answers}, user=user, submission_token=uuid.uuid4())
    return intake


def intake_post_data(**answers) -> dict:
    """
    The fewest answers a valid intake needs, plus any given; a fresh submission token each time.
    A date of birth given as YYYY-MM-DD is typed into the form's three boxes (day, month, year).
    """
    data = {
        "patient_name": "Alex Example",
        "date_of_birth": "1961-03-27",
        "side": "left",
        "onset": "gradual",
        "submission_token": str(uuid.uuid4()),
    }
    data.update({name: ("on" if value is True else value) for name, value in answers.items() if value is not False})
    data.update(date_of_birth_boxes(data.pop("date_of_birth", None)))
    data.update(date_time_boxes("last_known_well", data.pop("last_known_well", None)))
    return data


def date_time_boxes(name: str, value) -> dict:
    """
    A date and time (a datetime, or YYYY-MM-DDTHH:MM) typed into the form's day, month, year and
    24-hour time boxes; anything else is sent as it is, under the field's own name, for the form to refuse.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return {name: value}
    if value is None:
        return {}
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    boxes = {"day": local.day, "month": local.month, "year": local.year, "time": f"{local:%H:%M}"}
    return {f"{name}_{part}": str(typed) for part, typed in boxes.items()}


@pytest.fixture(scope="session", autouse=True)
def one_process_cache(django_test_environment):
    """
    The suite runs in one process, so the shared cache may be local memory here (several runs
    side by side would otherwise empty each other's file cache). tests/test_shared_cache.py
    runs the real default under two servers.
    """
    caches = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=caches):
        yield


TEST_TASKS = {"default": {"BACKEND": "tests.task_backends.ImmediateUnlessDeferredBackend"}}


@pytest.fixture(autouse=True)
def tasks_backend(settings):
    """
    Tasks run at once, in the test's own thread, once the transaction commits; deferred ones
    (the referral escalation) wait in the backend's `results`. Each test has a fresh backend.
    tests/test_oncall_worker.py runs the real database queue and worker.
    """
    from django.tasks import default_task_backend

    settings.TASKS = TEST_TASKS
    return default_task_backend


def date_of_birth_boxes(iso_date: str | None) -> dict:
    if not iso_date:
        return {}
    year, month, day = iso_date.split("-")
    return {"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}


@pytest.fixture
def clinical_lead(django_user_model):
    user = django_user_model.objects.create_user(
        "lead", "lead@example.com", "correct horse battery", first_name="Lee", last_name="Lead"
    )
    user.groups.add(Group.objects.get(name="Clinical leads"))
    return user
