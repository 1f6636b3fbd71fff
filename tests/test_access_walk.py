"""
Every URL the project defines, walked from the URLconf, as an anonymous visitor, a signed-in user
with no permission, and intake staff.

The walk reads `get_resolver()`, so a new view is covered the day it is added: if it shows a page
to strangers it must be named in PUBLIC (or SIGNED_IN) below; if its URL takes a new kind of
argument, `sample_value` must learn to fill it with a real object.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from causes.models import Cause
from causes.services import cause_draft_save
from intake.models import Intake
from intake.services import intake_create
from tests.conftest import make_cause

pytestmark = pytest.mark.django_db

PATIENT_NAME = "Zebedee Quartermaine-Ossory"
HOSPITAL_NUMBER = "HN7734QX"
PASSWORD = "correct horse battery"

# Pages anyone may see (by URL name, or route for unnamed patterns).
PUBLIC = {
    "home",
    "causes:list",
    "causes:detail",
    "causes:ask",
    "about",
    "check:start",
    "check:question",
    "healthz",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    # Signing out, which needs no permission.
    "logout",
    "admin:logout",
}
# Pages for any signed-in user, whatever their permissions: their own account.
SIGNED_IN = {"password_change", "password_change_done"}
# Intake pages for clinical leads only (the audit): intake staff are refused them.
CLINICAL_LEADS_ONLY = {"intake:audit", "intake:audit_export"}
# Intake addresses that take only a POST (a one-press answer): staff asking for them get 405.
POST_ONLY = {"intake:answer"}
# Writes strangers may make, and the only tables each may touch.
PUBLIC_WRITES = {"causes:ask": {"causes.question", "causes.questionallowance"}}
# Tables that change as a side effect of signing in and out, whoever does it.
SESSION_TABLES = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}

# One body posted to every URL: what each form of the site would need to do something.
POST_BODY = {
    "patient_name": "Posted Patient",
    "date_of_birth": "1970-01-01",
    "side": "left",
    "onset": "sudden",
    "destination": "Anywhere",
    "note": "Posted",
    "author_name": "Posted reader",
    "text": "A posted question?",
    "username": "outsider",
    "password": "wrong password",
    "email": "outsider@example.com",
    "old_password": "wrong password",
    "new_password1": "a new long passphrase 42",
    "new_password2": "a new long passphrase 42",
    "name": "Posted cause",
    "slug": "posted-cause",
    "summary": "Posted.",
    "overview": "Posted.",
    "level": "brain",
    "urgency": "routine",
    "post": "yes",
}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name, or the route itself for unnamed patterns
    url: str

    @property
    def is_admin(self) -> bool:
        return self.url.startswith("/admin/")


@pytest.fixture
def patient_intake(intake_staff):
    make_cause(name="Common peroneal nerve palsy", slug="peroneal-palsy", risk_factors=["leg_crossing_or_squatting"])
    answers = {
        "patient_name": PATIENT_NAME,
        "hospital_number": HOSPITAL_NUMBER,
        "date_of_birth": "1948-07-19",
        "side": "left",
        "onset": "sudden",
        "leg_crossing_or_squatting": True,
    }
    intake, _created = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    return intake


@pytest.fixture
def routes(client, patient_intake, outsider, superuser, editor):
    # An editor's draft waiting for sign-off, so that its preview, approval and discard pages show it.
    cause_draft_save(cause=Cause.objects.get(), values={"summary": "A draft summary."}, editor=editor, reason="Test")
    # A failed and a successful sign-in leave rows in every django-axes table, for its admin pages.
    client.post("/accounts/login/", {"username": "outsider", "password": "wrong"})
    client.post("/accounts/login/", {"username": "outsider", "password": PASSWORD})
    client.logout()
    return list(walk_urlconf(patient_intake))


def walk_urlconf(intake):
    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, route, inner)
            else:
                name = f"{namespace}{pattern.name}" if pattern.name else route
                url = "/" + fill(route, intake)
                if resolve(url).func != pattern.callback:
                    # Shadowed by an earlier pattern for the same address (a site view replacing
                    # one of Django's): unreachable, and the one that answers is walked already.
                    assert url in walked, f"{route} filled as {url} resolves to a pattern the walk has not seen"
                    continue
                walked.add(url)
                yield Route(name, url)

    walked = set()
    return walk(get_resolver().url_patterns, "", "")


ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?[^()]*\)")


def fill(route: str, intake: Intake) -> str:
    """The route with every parameter replaced by a real object's value."""
    model = admin_model(route)
    positional = iter(["object_id", "history_id"])
    route = REGEX_GROUP.sub(lambda match: sample_value(match["name"] or next(positional), model, intake), route)
    route = route.replace("^", "").replace("$", "")
    return ROUTE_PARAMETER.sub(lambda match: sample_value(match["name"], model, intake), route)


def admin_model(route: str):
    """The model of an admin page (admin/<app>/<model>/...), whose objects fill its ids."""
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if match is None:
        return None
    try:
        return apps.get_model(match[1], match[2])
    except LookupError:
        return None


def sample_value(name: str, model, intake: Intake) -> str:
    cause = Cause.objects.get(slug="peroneal-palsy")
    if model is not None and name in ("pk", "object_id", "id"):
        first = model._base_manager.order_by("pk").first()
        return str(first.pk if first else 1)
    values = {
        "pk": intake.pk,  # the intake pages
        "object_id": cause.pk,  # the admin's "view on site", with the content type below
        "content_type_id": ContentType.objects.get_for_model(Cause).pk,
        "history_id": cause.history.first().history_id,
        "slug": cause.slug,
        "app_label": "intake",
        "uidb64": urlsafe_base64_encode(force_bytes(intake.created_by.pk)),
        "token": "not-a-valid-token",
        "url": "no-such-page/",
    }
    if name not in values:
        raise AssertionError(f"The access walk does not know what to put in <{name}>: teach sample_value.")
    return str(values[name])


def table_snapshot(exclude=frozenset()) -> dict[str, list]:
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SESSION_TABLES or label in exclude:
            continue
        snapshot[label] = list(model._base_manager.order_by("pk").values_list())
    return snapshot


def changed_tables(before, after) -> set[str]:
    return {label for label in before if before[label] != after[label]}


def shows_patient_data(response) -> bool:
    content = response.content.decode(errors="replace")
    return PATIENT_NAME in content or HOSPITAL_NUMBER in content


def is_sent_to_sign_in(response, route: Route) -> bool:
    login = "/admin/login/" if route.is_admin else "/accounts/login/"
    return response.status_code == 302 and response["Location"].startswith(login)


def test_the_walk_reaches_every_kind_of_page(routes):
    names = {route.name for route in routes}
    assert {"intake:list", "intake:new", "intake:detail", "intake:referral", "causes:detail"} <= names
    assert {"intake:outcome", "intake:fhir", "intake:fhir_questionnaire"} | CLINICAL_LEADS_ONLY <= names
    assert "admin:intake_intake_change" in names
    assert len(routes) > 60


def test_anonymous_visitors_see_no_patient_data_and_are_sent_to_sign_in(client, routes):
    for route in routes:
        response = client.get(route.url)
        assert response.status_code < 500, route
        assert not shows_patient_data(response), route
        if route.name in PUBLIC:
            continue
        assert is_sent_to_sign_in(response, route) or response.status_code == 404, (route, response.status_code)


def test_signed_in_users_without_permission_see_no_patient_data(client, outsider, routes):
    for route in routes:
        client.force_login(outsider)
        response = client.get(route.url)
        assert response.status_code < 500, route
        assert not shows_patient_data(response), route
        if route.name in PUBLIC | SIGNED_IN:
            continue
        if route.is_admin:
            assert is_sent_to_sign_in(response, route), (route, response.status_code)
        else:
            assert response.status_code in (403, 404), (route, response.status_code)


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_strangers_cannot_write_anything(client, outsider, routes, persona, mailoutbox):
    for route in routes:
        if persona == "outsider":
            client.force_login(outsider)
        before = table_snapshot()
        response = client.post(route.url, POST_BODY)
        after = table_snapshot()
        assert response.status_code < 500, route
        assert not shows_patient_data(response), route
        allowed = PUBLIC_WRITES.get(route.name, set())
        assert changed_tables(before, after) <= allowed, (route, changed_tables(before, after))
    assert Intake.objects.count() == 1
    intake = Intake.objects.get()
    assert intake.referral_made_at is None
    assert get_user_model().objects.get(username="outsider").check_password(PASSWORD)


def test_intake_staff_reach_every_intake_page_and_no_admin_page(client, intake_staff, routes):
    client.force_login(intake_staff)
    for route in routes:
        response = client.get(route.url)
        assert response.status_code < 500, route
        if route.name in CLINICAL_LEADS_ONLY:
            assert response.status_code == 403, route
        elif route.name in POST_ONLY:
            assert response.status_code == 405, route
        elif route.name.startswith("intake:"):
            assert response.status_code == 200, route
        elif route.is_admin and route.name not in PUBLIC:
            assert is_sent_to_sign_in(response, route), route
    assert PATIENT_NAME in client.get("/intake/").content.decode()


def test_intake_staff_cannot_write_through_the_admin(client, intake_staff, routes):
    client.force_login(intake_staff)
    for route in routes:
        if not route.is_admin or route.name in PUBLIC:
            continue
        before = table_snapshot()
        response = client.post(route.url, POST_BODY)
        assert response.status_code < 500, route
        assert changed_tables(before, table_snapshot()) == set(), route


def test_intake_staff_posts_never_cause_a_server_error(client, intake_staff, routes):
    for route in routes:
        client.force_login(intake_staff)
        response = client.post(route.url, POST_BODY)
        assert response.status_code < 500, route


def test_a_superuser_opens_every_admin_page_without_error(client, superuser, routes):
    client.force_login(superuser)
    for route in routes:
        if route.is_admin and route.name != "admin:logout":
            response = client.get(route.url)
            assert response.status_code < 500, route


def test_clinical_leads_reach_the_audit_pages(client, clinical_lead, routes):
    client.force_login(clinical_lead)
    for route in routes:
        if route.name in CLINICAL_LEADS_ONLY:
            assert client.get(route.url).status_code == 200, route


def test_clinical_reviewers_see_no_patient_data_and_no_intake_page(client, reviewer, routes):
    client.force_login(reviewer)
    for route in routes:
        response = client.get(route.url)
        assert response.status_code < 500, route
        assert not shows_patient_data(response), route
        if route.name.startswith("intake:") or route.name.startswith("admin:intake_"):
            assert response.status_code in (302, 403, 404), route
    assert client.get(f"/admin/causes/cause/{Cause.objects.get().pk}/approve/").status_code == 200


def test_intake_staff_and_strangers_never_see_a_draft(client, intake_staff, outsider, routes):
    for user in (None, outsider, intake_staff):
        client.logout()
        if user is not None:
            client.force_login(user)
        for route in routes:
            assert "A draft summary." not in client.get(route.url).content.decode(errors="replace"), (user, route)
