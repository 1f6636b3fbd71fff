"""Shared users and builders for the whole suite."""

import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Q
from django.test import override_settings

from causes.models import Cause


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
    return data


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


@pytest.fixture(autouse=True)
def background_jobs_inline(monkeypatch):
    """Background jobs run at once, in the test's own thread and transaction, and are recorded."""
    from footdrop_site import background

    jobs = InlineJobs()
    monkeypatch.setattr(background, "executor", jobs)
    return jobs


class InlineJobs:
    def __init__(self, *, run: bool = True):
        self.run = run
        self.submitted = []

    def submit(self, function, /, *args, **kwargs):
        self.submitted.append((function, args, kwargs))
        if self.run:
            function(*args, **kwargs)


def date_of_birth_boxes(iso_date: str | None) -> dict:
    if not iso_date:
        return {}
    year, month, day = iso_date.split("-")
    return {"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}


@pytest.fixture
def clinical_lead(django_user_model, staff_groups):
    user = django_user_model.objects.create_user(
        "lead", "lead@example.com", "correct horse battery", first_name="Lee", last_name="Lead"
    )
    user.groups.add(staff_group("Clinical leads", staff_groups))
    return user
