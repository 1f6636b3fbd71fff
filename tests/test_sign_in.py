import pytest

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_intake_staff_land_on_the_intake_list(client, intake_staff):
    assert sign_in(client, "nurse")["Location"] == "/intake/"


def test_clinical_leads_land_on_the_audit_and_superusers_on_the_intake_list(client, clinical_lead, superuser):
    assert sign_in(client, "lead")["Location"] == "/intake/audit/"
    client.logout()
    assert sign_in(client, "admin")["Location"] == "/intake/"


def test_content_editors_land_in_the_admin(client, editor):
    assert sign_in(client, "editor")["Location"] == "/admin/"


def test_other_users_land_on_the_home_page(client, outsider):
    assert sign_in(client, "outsider")["Location"] == "/"


def test_a_safe_next_address_wins(client, editor):
    assert sign_in(client, "editor", next="/causes/stroke/")["Location"] == "/causes/stroke/"


def test_an_outside_next_address_is_ignored(client, editor):
    assert sign_in(client, "editor", next="https://evil.example/")["Location"] == "/admin/"


def test_a_wrong_password_is_refused_on_the_form(client, intake_staff):
    response = client.post("/accounts/login/", {"username": "nurse", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
