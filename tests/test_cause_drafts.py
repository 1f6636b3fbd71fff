"""
Drafts and clinical sign-off: an editor's change is kept as a draft, shown first in the preview,
and reaches readers only when a different person in "Clinical reviewers" approves it. Approval
dates the review and names the reviewer; the history keeps only real changes, each with a reason.
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group

from causes.models import SAFETY_FIELDS, Cause, CauseDraft, next_review_after, normalise_text
from causes.services import SignOffRefused, cause_draft_approve, cause_draft_save
from intake.services import RANKING_FIELDS
from tests.conftest import FIXED_NOW, approve_draft, make_cause
from tests.test_cause_admin import change_form_data

pytestmark = pytest.mark.django_db

NEW_EMERGENCY_BULLET = "Your leg suddenly feels cold, pale and numb"


def change_url(cause: Cause) -> str:
    return f"/admin/causes/cause/{cause.pk}/change/"


def save_in_the_admin(client, user, cause: Cause, **changes):
    client.force_login(user)
    response = client.post(change_url(cause), change_form_data(cause, **changes))
    client.logout()
    return response


def public_page(client, cause: Cause) -> str:
    client.logout()
    return client.get(f"/causes/{cause.slug}/").content.decode()


def approve_in_the_admin(client, user, cause: Cause, role="Consultant neurologist"):
    client.force_login(user)
    page = client.get(f"/admin/causes/cause/{cause.pk}/approve/")
    version = page.context["form"]["version"].value() if page.status_code == 200 else "unknown"
    response = client.post(f"/admin/causes/cause/{cause.pk}/approve/", {"role": role, "version": version})
    client.logout()
    return response


@pytest.fixture
def stroke(seeded):
    return Cause.objects.get(slug="stroke")


@pytest.fixture
def editing_reviewer(django_user_model):
    """A clinician in both groups: may write drafts and approve other people's."""
    user = django_user_model.objects.create_user(
        "both", "both@example.com", "correct horse battery", first_name="Bo", last_name="Both"
    )
    user.groups.add(Group.objects.get(name="Content editors"), Group.objects.get(name="Clinical reviewers"))
    return user


def test_an_editors_change_is_invisible_to_readers_until_a_clinical_reviewer_approves_it(
    client, editor, reviewer, stroke
):
    response = save_in_the_admin(client, editor, stroke, summary="A summary still in draft.")
    assert response.status_code == 302

    assert "A summary still in draft." not in public_page(client, stroke)
    client.force_login(editor)
    preview = client.get(f"/admin/causes/cause/{stroke.pk}/preview/")
    assert "A summary still in draft." in preview.content.decode()
    assert "Preview of the draft" in preview.content.decode()

    assert approve_in_the_admin(client, reviewer, stroke).status_code == 302
    assert "A summary still in draft." in public_page(client, stroke)
    assert not CauseDraft.objects.exists()


def test_the_preview_is_never_cached_and_shows_every_part_of_the_public_page(client, editor, stroke):
    save_in_the_admin(client, editor, stroke, care_emergency=NEW_EMERGENCY_BULLET, overview="A new overview.")
    client.force_login(editor)
    response = client.get(f"/admin/causes/cause/{stroke.pk}/preview/")
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    emergency_card = page.split('id="care-card-emergency"')[1].split("</section>")[0]
    assert NEW_EMERGENCY_BULLET in emergency_card
    assert "A new overview." in page
    assert 'class="print-only print-head"' in page  # the print layout is the public template's own


def test_an_editor_cannot_approve_their_own_draft(client, editing_reviewer, stroke):
    save_in_the_admin(client, editing_reviewer, stroke, summary="My own change.")
    client.force_login(editing_reviewer)
    page = client.get(f"/admin/causes/cause/{stroke.pk}/approve/").content.decode()
    assert "another clinical reviewer must approve it" in page and 'id="approve-form"' not in page
    response = approve_in_the_admin(client, editing_reviewer, stroke)
    assert response.status_code == 400
    assert "another clinical reviewer must approve it" in response.content.decode()
    assert "My own change." not in public_page(client, stroke)
    assert CauseDraft.objects.filter(cause=stroke).exists()


def test_a_superuser_cannot_approve_a_draft_they_wrote_either(superuser, stroke):
    cause_draft_save(cause=stroke, values={"summary": "A superuser's change."}, editor=superuser, reason="Clearer")
    superuser.first_name, superuser.last_name = "Sam", "Super"
    with pytest.raises(SignOffRefused, match="another clinical reviewer"):
        approve_draft(stroke, superuser)
    assert Cause.objects.get(pk=stroke.pk).summary != "A superuser's change."


def test_whoever_wrote_any_part_of_a_draft_may_not_approve_it(editor, editing_reviewer, reviewer, stroke):
    cause_draft_save(cause=stroke, values={"summary": "First words."}, editor=editing_reviewer, reason="Clearer")
    cause_draft_save(
        cause=stroke, values={"summary": "First words.", "outlook": "More."}, editor=editor, reason="Clearer"
    )
    with pytest.raises(SignOffRefused):
        approve_draft(stroke, editing_reviewer)
    assert approve_draft(stroke, reviewer).summary == "First words."


def test_an_emergency_card_change_without_approval_never_reaches_the_cause_page(client, superuser, stroke):
    before = public_page(client, stroke)
    assert save_in_the_admin(client, superuser, stroke, care_emergency=NEW_EMERGENCY_BULLET).status_code == 302
    assert NEW_EMERGENCY_BULLET not in public_page(client, stroke)
    assert Cause.objects.get(pk=stroke.pk).care_emergency == stroke.care_emergency
    assert public_page(client, stroke) == before


def test_editors_and_intake_staff_cannot_open_the_approval_page(client, editor, intake_staff, stroke):
    save_in_the_admin(client, editor, stroke, summary="Waiting.")
    client.force_login(editor)
    assert client.get(f"/admin/causes/cause/{stroke.pk}/approve/").status_code == 403
    assert client.post(f"/admin/causes/cause/{stroke.pk}/approve/", {"role": "x", "version": "x"}).status_code == 403
    client.force_login(intake_staff)
    assert client.get(f"/admin/causes/cause/{stroke.pk}/approve/").status_code == 302  # to the admin's sign-in
    assert client.get(f"/admin/causes/cause/{stroke.pk}/preview/").status_code == 302
    assert "Waiting." not in public_page(client, stroke)


def test_approval_dates_the_review_and_names_the_reviewer_with_their_role(
    client, editor, reviewer, stroke, fixed_clock
):
    save_in_the_admin(client, editor, stroke, summary="Reviewed words.")
    assert approve_in_the_admin(client, reviewer, stroke, role="Consultant stroke physician").status_code == 302
    stroke.refresh_from_db()
    assert stroke.last_reviewed == FIXED_NOW.date()
    assert stroke.next_review_due == date(2029, 3, 2)
    assert (stroke.approved_by, stroke.approved_at) == (reviewer, FIXED_NOW)
    page = public_page(client, stroke)
    assert "Reviewed by Rhian Rees, Consultant stroke physician" in page
    assert '<time datetime="2026-03-02">2 March 2026</time>' in page
    assert '<time datetime="2029-03-02">2 March 2029</time>' in page


def test_the_reviewers_role_is_offered_again_at_their_next_approval(client, editor, reviewer, seeded):
    first, second = Cause.objects.get(slug="stroke"), Cause.objects.get(slug="multiple-sclerosis")
    save_in_the_admin(client, editor, first, summary="One.")
    approve_in_the_admin(client, reviewer, first, role="Consultant neurologist")
    save_in_the_admin(client, editor, second, summary="Two.")
    client.force_login(reviewer)
    page = client.get(f"/admin/causes/cause/{second.pk}/approve/")
    assert page.context["form"]["role"].value() == "Consultant neurologist"


def test_a_review_falls_due_three_years_on():
    assert next_review_after(date(2026, 3, 2)) == date(2029, 3, 2)
    assert next_review_after(date(2028, 2, 29)) == date(2031, 2, 28)


def test_a_reviewer_approves_only_the_version_they_read(client, editor, reviewer, stroke):
    save_in_the_admin(client, editor, stroke, summary="The version the reviewer read.")
    client.force_login(reviewer)
    version = client.get(f"/admin/causes/cause/{stroke.pk}/approve/").context["form"]["version"].value()
    save_in_the_admin(client, editor, stroke, summary="A later version nobody read.")
    client.force_login(reviewer)
    response = client.post(f"/admin/causes/cause/{stroke.pk}/approve/", {"role": "Neurologist", "version": version})
    assert "The draft changed after you opened it" in response.content.decode()
    assert "A later version nobody read." not in public_page(client, stroke)


def test_a_reviewer_needs_a_full_name_and_a_role(client, editor, reviewer, stroke):
    save_in_the_admin(client, editor, stroke, summary="Needs a named reviewer.")
    response = approve_in_the_admin(client, reviewer, stroke, role="   ")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    reviewer.first_name = reviewer.last_name = ""
    reviewer.save()
    response = approve_in_the_admin(client, reviewer, stroke)
    assert "no full name" in response.content.decode()
    assert "Needs a named reviewer." not in public_page(client, stroke)


def test_the_page_cache_serves_the_approved_text_at_once(client, editor, reviewer, stroke):
    for _warm in range(2):
        assert "The approved summary." not in public_page(client, stroke)
    save_in_the_admin(client, editor, stroke, summary="The approved summary.")
    assert "The approved summary." not in public_page(client, stroke)  # a draft keeps the cached page valid
    approve_draft(stroke, reviewer)
    assert "The approved summary." in public_page(client, stroke)
    assert "The approved summary." in client.get("/causes/?q=stroke").content.decode()


def test_a_draft_can_be_discarded(client, editor, stroke):
    save_in_the_admin(client, editor, stroke, summary="Thrown away.")
    client.force_login(editor)
    confirm = client.get(f"/admin/causes/cause/{stroke.pk}/discard/")
    assert "Thrown away." in confirm.content.decode()
    assert client.post(f"/admin/causes/cause/{stroke.pk}/discard/").status_code == 302
    assert not CauseDraft.objects.exists()
    assert Cause.objects.get(pk=stroke.pk).summary == stroke.summary
    assert client.get(f"/admin/causes/cause/{stroke.pk}/discard/").status_code == 404


def test_the_change_form_opens_on_the_open_draft(client, editor, stroke):
    save_in_the_admin(client, editor, stroke, summary="Work in progress.", change_reason="Clearer words")
    client.force_login(editor)
    page = client.get(change_url(stroke)).content.decode()
    assert "Work in progress." in page
    assert "Draft awaiting clinical sign-off" in page and "Clearer words" in page


def test_saving_an_unchanged_form_records_no_change(client, editor, stroke):
    history = stroke.history.count()
    response = save_in_the_admin(client, editor, stroke, change_reason="")
    assert response.status_code == 302
    assert not CauseDraft.objects.exists()
    assert stroke.history.count() == history


def test_browser_line_endings_and_trailing_spaces_are_not_a_change(client, editor, stroke):
    crlf = {field: getattr(stroke, field).replace("\n", "  \r\n") + "\r\n" for field in ("overview", "symptoms")}
    response = save_in_the_admin(client, editor, stroke, change_reason="", **crlf)
    assert response.status_code == 302
    assert not CauseDraft.objects.exists()


def test_a_change_needs_a_reason(client, editor, stroke):
    response = save_in_the_admin(client, editor, stroke, summary="Changed.", change_reason="  ")
    assert response.status_code == 200
    assert "Say in a few words why this changes" in response.content.decode()
    assert not CauseDraft.objects.exists()


def test_saving_normalises_line_endings_and_trailing_spaces(cause):
    cause.overview = "\r\nFirst line.  \r\nSecond line.\t\r\n\r\n"
    cause.save()
    assert Cause.objects.get(pk=cause.pk).overview == "First line.\nSecond line."
    assert normalise_text("a \r b\r\nc ") == "a\n b\nc"


def test_the_history_shows_each_changed_field_whole_as_a_diff_with_its_reason(client, editor, reviewer, stroke):
    old_overview = stroke.overview
    new_overview = old_overview.replace("stroke", "brain attack", 1)
    save_in_the_admin(client, editor, stroke, overview=new_overview, change_reason="Everyday words first")
    approve_draft(stroke, reviewer)
    client.force_login(editor)
    page = client.get(f"/admin/causes/cause/{stroke.pk}/history/").content.decode()
    assert "Everyday words first" in page
    assert "<del>stroke</del>" in page or "<del>stroke" in page
    assert "<ins>brain" in page
    assert "chars]" not in page
    latest = stroke.history.first()
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert "overview" in changed
    assert not changed & {"symptoms", "mechanism", "references", "care_urgent"}


def test_a_new_cause_stays_unpublished_until_approved(client, editor, reviewer, db):
    client.force_login(editor)
    data = {
        "name": "New palsy",
        "slug": "new-palsy",
        "summary": "A new cause.",
        "level": "peroneal",
        "onset": "days",
        "usual_side": "one",
        "urgency": "routine",
        "prevalence": "rare",
        "overview": "An overview.",
        "emergency_action": "call_999_or_ae",
        "written_by": "Editor",
        "is_published": "on",
        "change_reason": "A new article",
    }
    assert client.post("/admin/causes/cause/add/", data).status_code == 302
    cause = Cause.objects.get(slug="new-palsy")
    assert not cause.is_published
    assert cause.draft.changes == {"is_published": True}
    assert client.get("/causes/new-palsy/").status_code == 404
    approve_draft(cause, reviewer)
    client.logout()
    assert client.get("/causes/new-palsy/").status_code == 200


def test_the_admin_says_which_fields_always_need_sign_off(client, editor, stroke):
    client.force_login(editor)
    page = client.get(change_url(stroke)).content.decode()
    for field in ("care_emergency", "urgency", "emergency_action", "level", "emergency"):
        help_text = page.split(f'id="id_{field}_helptext"')[1].split("</div>")[0]
        assert "Always needs clinical sign-off" in help_text, field
    help_text = page.split('id="id_care_urgent_helptext"')[1].split("</div>")[0]
    assert "Always needs clinical sign-off" not in help_text


def test_every_field_the_triage_ranking_reads_is_marked_as_needing_sign_off():
    assert set(RANKING_FIELDS) <= set(SAFETY_FIELDS)


@pytest.mark.parametrize(
    ("due_in_days", "listed"), [(-400, True), (-1, True), (0, True), (30, True), (31, False), (None, False)]
)
def test_the_admin_lists_causes_whose_review_is_overdue_or_due_within_30_days(
    client, editor, fixed_clock, due_in_days, listed
):
    due = None if due_in_days is None else FIXED_NOW.date() + timedelta(days=due_in_days)
    make_cause(name="Reviewed palsy", slug="reviewed-palsy", next_review_due=due)
    client.force_login(editor)
    response = client.get("/admin/causes/cause/", {"sign_off": "review_due"})
    assert response.status_code == 200
    assert ("Reviewed palsy" in response.content.decode()) is listed


def test_the_admin_lists_drafts_awaiting_approval(client, editor, seeded):
    stroke = Cause.objects.get(slug="stroke")
    cause_draft_save(cause=stroke, values={"summary": "Waiting."}, editor=editor, reason="Clearer")
    client.force_login(editor)
    page = client.get("/admin/causes/cause/", {"sign_off": "draft"}).content.decode()
    assert ">Stroke<" in page and "Multiple sclerosis" not in page


def test_an_approval_that_would_break_a_rule_is_refused_and_changes_nothing(editor, reviewer, seeded):
    stroke = Cause.objects.get(slug="stroke")
    cause_draft_save(cause=stroke, values={"summary": "Fine."}, editor=editor, reason="Clearer")
    make_cause(name="Taken name", slug="taken")
    CauseDraft.objects.filter(cause=stroke).update(changes={"name": "Taken name"})
    with pytest.raises(Exception, match="already exists"):
        cause_draft_approve(
            cause=stroke, reviewer=reviewer, role="Neurologist", version=CauseDraft.objects.get().version
        )
    assert Cause.objects.get(pk=stroke.pk).name == "Stroke"
    assert CauseDraft.objects.filter(cause=stroke).exists()


def test_reverting_to_an_earlier_version_from_the_history_makes_a_draft_too(client, superuser, seeded):
    stroke = Cause.objects.get(slug="stroke")
    first_version = stroke.history.get()
    stroke.summary = "A later summary."
    stroke.save()
    cause_draft_save(cause=stroke, values={"summary": "An open draft."}, editor=superuser, reason="Clearer")
    client.force_login(superuser)
    url = f"/admin/causes/cause/{stroke.pk}/history/{first_version.pk}/"
    page = client.get(url).content.decode()
    assert first_version.summary in page and "An open draft." not in page  # the earlier version, as it was
    refused = client.post(url, change_form_data(first_version.instance, change_reason=""))
    assert refused.status_code == 200 and "Say in a few words why" in refused.content.decode()
    data = change_form_data(first_version.instance, change_reason="Back to the reviewed text")
    assert client.post(url, data).status_code == 302
    stroke.refresh_from_db()
    assert stroke.summary == "A later summary."
    assert stroke.draft.changes == {"summary": first_version.summary}


def test_a_clinical_reviewer_signs_in_to_the_admin_and_lands_there(client, reviewer):
    response = client.post("/accounts/login/", {"username": "reviewer", "password": "correct horse battery"})
    assert response.status_code in (302, 303) and response["Location"] == "/admin/"
    assert client.get("/admin/causes/cause/").status_code == 200
    assert client.get("/intake/").status_code == 403
