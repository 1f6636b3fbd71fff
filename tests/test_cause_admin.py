"""The causes admin: the change form, its checks, and its preview. Drafts and sign-off: test_cause_drafts.py."""

import pytest

from causes.models import Cause
from tests.conftest import approve_draft

pytestmark = pytest.mark.django_db


def change_form_data(cause: Cause, **overrides) -> dict:
    data = {
        field: getattr(cause, field)
        for field in (
            "name",
            "slug",
            "summary",
            "level",
            "onset",
            "usual_side",
            "urgency",
            "prevalence",
            "also_known_as",
            "care_non_urgent",
            "care_urgent",
            "care_emergency",
            "emergency_action",
            "clinical_reviewer",
            "clinical_reviewer_role",
            "overview",
            "mechanism",
            "symptoms",
            "emergency",
            "diagnosis",
            "treatment",
            "outlook",
            "references",
            "written_by",
        )
    }
    data["risk_factors"] = cause.risk_factors
    data["is_published"] = "on" if cause.is_published else ""
    data["last_reviewed"] = cause.last_reviewed.isoformat() if cause.last_reviewed else ""
    data["change_reason"] = "A test change."
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_the_admin_lists_causes_with_filters_and_search(client, superuser, seeded):
    client.force_login(superuser)
    page = client.get("/admin/causes/cause/", {"q": "stroke"}).content.decode()
    assert "Stroke" in page and "Common peroneal neuropathy" not in page
    assert client.get("/admin/causes/cause/", {"level__exact": "brain"}).status_code == 200


def test_an_editors_approved_change_is_in_the_history_with_who_wrote_it_who_approved_it_and_why(
    client, editor, reviewer, seeded
):
    cause = Cause.objects.get(slug="common-peroneal-neuropathy")
    client.force_login(editor)
    response = client.post(
        f"/admin/causes/cause/{cause.pk}/change/",
        change_form_data(cause, summary="A clearer summary.", change_reason="Plainer words"),
    )
    assert response.status_code == 302
    approve_draft(cause, reviewer)
    latest = cause.history.first()
    assert latest.summary == "A clearer summary."
    assert latest.history_user == editor
    assert latest.approved_by == reviewer
    assert latest.history_change_reason == "Plainer words"
    history_page = client.get(f"/admin/causes/cause/{cause.pk}/history/").content.decode()
    assert "editor" in history_page and "Plainer words" in history_page


def test_the_change_form_offers_clues_as_checkboxes_and_saves_them(client, superuser, cause):
    client.force_login(superuser)
    page = client.get(f"/admin/causes/cause/{cause.pk}/change/").content.decode()
    assert 'type="checkbox" name="risk_factors" value="diabetes"' in page
    client.post(f"/admin/causes/cause/{cause.pk}/change/", change_form_data(cause, risk_factors=["diabetes"]))
    assert Cause.objects.get(pk=cause.pk).draft.changes == {"risk_factors": ["diabetes"]}


def test_lowering_an_emergency_needs_an_explicit_confirmation(client, superuser, seeded):
    cause = Cause.objects.get(slug="stroke")
    client.force_login(superuser)
    url = f"/admin/causes/cause/{cause.pk}/change/"

    refused = client.post(url, change_form_data(cause, urgency="routine"))
    assert refused.status_code == 200
    assert "Tick the box to confirm" in refused.content.decode()
    cause.refresh_from_db()
    assert cause.urgency == "emergency"

    confirmed = client.post(url, change_form_data(cause, urgency="routine", confirm_not_emergency="on"))
    assert confirmed.status_code == 302
    cause.refresh_from_db()
    assert cause.urgency == "emergency"  # until a clinical reviewer approves the draft
    assert cause.draft.changes == {"urgency": "routine"}


def test_an_invalid_change_is_refused_on_its_field_and_nothing_is_saved(client, superuser, cause):
    client.force_login(superuser)
    response = client.post(f"/admin/causes/cause/{cause.pk}/change/", change_form_data(cause, level="elbow"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    cause.refresh_from_db()
    assert cause.level == "peroneal"
    assert not hasattr(cause, "draft")


def test_editors_can_preview_an_unpublished_draft(client, editor):
    from tests.conftest import make_cause

    draft = make_cause(name="Draft", slug="draft", is_published=False)
    client.force_login(editor)
    page = client.get(f"/admin/causes/cause/{draft.pk}/preview/").content.decode()
    assert "<h1>Draft</h1>" in page and "It is not published yet." in page


def test_the_change_page_links_to_the_public_page(client, superuser, cause):
    client.force_login(superuser)
    page = client.get(f"/admin/causes/cause/{cause.pk}/change/").content.decode()
    assert "View on site" in page


@pytest.mark.parametrize("url", ["/admin/causes/cause/", "/admin/causes/cause/add/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_user_without_permission_cannot_preview(client, outsider, cause):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(f"/admin/causes/cause/{cause.pk}/preview/").status_code == 403
