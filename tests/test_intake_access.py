"""Patient data only for signed-in staff with the intake permissions: every intake URL, every kind of visitor."""

import uuid

import pytest

from intake.models import Intake
from intake.services import intake_create
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def emergency(seeded, intake_staff):
    answers = {"patient_name": "Secret Patient", "date_of_birth": "1950-01-01", "side": "left", "onset": "sudden"}
    intake, _created = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    return intake


def intake_urls(intake):
    return ["/intake/", "/intake/new/", f"/intake/{intake.pk}/", f"/intake/{intake.pk}/referral/"]


def test_anonymous_visitors_are_sent_to_sign_in(client, emergency):
    for url in intake_urls(emergency):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")


def test_signed_in_users_without_permission_are_refused(client, outsider, emergency):
    client.force_login(outsider)
    for url in intake_urls(emergency):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Secret Patient" not in response.content.decode()


def test_content_editors_cannot_see_intakes(client, editor, emergency):
    client.force_login(editor)
    assert client.get(f"/intake/{emergency.pk}/").status_code == 403


def test_intake_staff_can_open_every_intake_page(staff_client, emergency):
    for url in intake_urls(emergency):
        assert staff_client.get(url).status_code == 200, url


def test_outsiders_cannot_file_an_intake_or_record_a_referral(client, outsider, emergency):
    client.force_login(outsider)
    assert client.post("/intake/new/", intake_post_data()).status_code == 403
    assert client.post(f"/intake/{emergency.pk}/referral/", {"destination": "Anywhere"}).status_code == 403
    assert Intake.objects.count() == 1
    emergency.refresh_from_db()
    assert emergency.referral_made_at is None


def test_anonymous_visitors_cannot_file_an_intake_and_are_asked_to_sign_in(client, seeded):
    response = client.post("/intake/new/", intake_post_data())
    assert response.status_code == 200
    assert response.templates[0].name == "registration/login.html"
    assert not Intake.objects.exists()


def test_viewing_staff_without_the_referral_permission_cannot_record_one(client, django_user_model, emergency):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="correct horse battery")
    viewer.user_permissions.add(Permission.objects.get(codename="view_intake"))
    client.force_login(viewer)
    assert client.get(f"/intake/{emergency.pk}/referral/").status_code == 200
    assert client.post(f"/intake/{emergency.pk}/referral/", {"destination": "Anywhere"}).status_code == 403


def test_the_admin_shows_intakes_read_only_with_their_access_log(client, superuser, staff_client, emergency):
    staff_client.get(f"/intake/{emergency.pk}/")
    client.force_login(superuser)
    change_page = client.get(f"/admin/intake/intake/{emergency.pk}/change/")
    assert change_page.status_code == 200
    page = change_page.content.decode()
    assert "nurse" in page and "Summary" in page
    assert 'name="_save"' not in page
    assert client.get("/admin/intake/intake/add/").status_code == 403
    assert client.get("/admin/intake/intakeaccess/").status_code == 200


def test_intake_urls_carry_no_sequential_id(emergency):
    assert isinstance(emergency.pk, uuid.UUID)
    assert str(emergency.pk) in emergency.get_absolute_url()
