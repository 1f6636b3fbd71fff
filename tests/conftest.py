"""Shared users and builders for the whole suite."""

import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from causes.models import Cause, Question, QuestionStatus
from intake.models import Intake
from intake.services import intake_create


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
def staff_groups(django_db_setup, django_db_blocker) -> dict[str, list[tuple[str, str]]]:
    """
    The staff groups the data migrations made, with their permissions, read before any test
    runs. A transactional test (live server) ends by emptying every table, and Django then
    puts back content types and permissions but not these groups: `staff_group` restores them.
    """
    with django_db_blocker.unblock():
        return {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        }


def staff_group(name: str, staff_groups: dict) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    if created:
        wanted = Q(pk__in=[])
        for app_label, codename in staff_groups[name]:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
    return group


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


def make_question(cause: Cause, *, status=QuestionStatus.APPROVED, text="A question.", **values) -> Question:
    """A reader question as it stands after moderation (approved unless told otherwise)."""
    values.setdefault("author_name", "Ann")
    moderated_at = None if status == QuestionStatus.PENDING else timezone.now()
    return Question.objects.create(cause=cause, status=status, text=text, moderated_at=moderated_at, **values)


@pytest.fixture
def cause(db):
    return make_cause()


@pytest.fixture
def seeded(db):
    call_command("seed_encyclopedia", verbosity=0)
    return Cause.objects.all()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "correct horse battery")


@pytest.fixture
def editor(django_user_model, staff_groups):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "correct horse battery", is_staff=True)
    user.groups.add(staff_group("Content editors", staff_groups))
    return user


@pytest.fixture
def outsider(django_user_model):
    """Signed in, but in no group: may see nothing private."""
    return django_user_model.objects.create_user("outsider", "outsider@example.com", "correct horse battery")


@pytest.fixture
def intake_staff(django_user_model, staff_groups):
    user = django_user_model.objects.create_user(
        "nurse", "nurse@example.com", "correct horse battery", first_name="Nia", last_name="Nurse"
    )
    user.groups.add(staff_group("Intake staff", staff_groups))
    return user


@pytest.fixture
def staff_client(client, intake_staff):
    client.force_login(intake_staff)
    return client


def file_intake(user, **answers) -> Intake:
    """An intake filed through the service: the fewest answers it needs, plus any given."""
    values = {"patient_name": "Alex Example", "date_of_birth": "1961-03-27", "side": "left", "onset": "gradual"}
    intake, _created = intake_create(answers={**values, **answers}, user=user, submission_token=uuid.uuid4())
    return intake


def intake_post_data(**answers) -> dict:
    """The fewest answers a valid intake needs, plus any given; a fresh submission token each time."""
    data = {
        "patient_name": "Alex Example",
        "date_of_birth": "1961-03-27",
        "side": "left",
        "onset": "gradual",
        "submission_token": str(uuid.uuid4()),
    }
    data.update({name: ("on" if value is True else value) for name, value in answers.items() if value is not False})
    return data
