"""Reader questions, the admin: content editors moderate and reply; the same rule as everywhere records who and when."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from causes.models import QuestionStatus
from tests.conftest import make_cause, make_question

pytestmark = pytest.mark.django_db

PAGE = "/causes/test-neuropathy/"
HOSTILE_TEXT = "<script>alert(1)</script>"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def test_editors_may_view_change_and_delete_questions_but_not_add_them(editor):
    codenames = set(Group.objects.get(name="Content editors").permissions.values_list("codename", flat=True))
    assert {"view_question", "change_question", "delete_question"} <= codenames
    assert "add_question" not in codenames


def test_the_admin_lists_questions_waiting_for_moderation_first(client, editor, cause):
    make_question(cause, text="Approved one")
    make_question(cause, status=QuestionStatus.REJECTED, text="Rejected one")
    make_question(cause, status=QuestionStatus.PENDING, text="Pending one")
    client.force_login(editor)
    page = client.get("/admin/causes/question/").content.decode()
    assert page.index("Pending one") < page.index("Approved one") < page.index("Rejected one")


def test_the_admin_filters_questions_by_status_and_cause(client, editor, cause):
    other = make_cause(name="Other", slug="other")
    make_question(cause, status=QuestionStatus.PENDING, text="Pending here")
    make_question(cause, text="Approved here")
    make_question(other, status=QuestionStatus.PENDING, text="Pending elsewhere")
    client.force_login(editor)
    by_status = client.get("/admin/causes/question/", {"status__exact": "pending"}).content.decode()
    assert "Pending here" in by_status and "Pending elsewhere" in by_status and "Approved here" not in by_status
    by_cause = client.get("/admin/causes/question/", {"cause__id__exact": other.pk}).content.decode()
    assert "Pending elsewhere" in by_cause and "Pending here" not in by_cause


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve_selected", QuestionStatus.APPROVED), ("reject_selected", QuestionStatus.REJECTED)],
)
def test_bulk_moderation_records_who_and_when(client, editor, cause, action, status, fixed_clock):
    questions = [make_question(cause, status=QuestionStatus.PENDING, text=f"Q{n}") for n in range(2)]
    untouched = make_question(cause, status=QuestionStatus.PENDING, text="Not selected")
    client.force_login(editor)
    response = client.post("/admin/causes/question/", {"action": action, "_selected_action": [q.pk for q in questions]})
    assert response.status_code == 302
    for question in questions:
        question.refresh_from_db()
        assert question.status == status
        assert question.moderated_by == editor
        assert question.moderated_at == fixed_clock
    untouched.refresh_from_db()
    assert untouched.status == QuestionStatus.PENDING and untouched.moderated_by is None


def test_approving_in_the_admin_shows_the_question_on_the_cached_page(client, editor, cause):
    question = make_question(cause, status=QuestionStatus.PENDING, text="Approved by an editor")
    reader = Client()
    assert "Approved by an editor" not in reader.get(PAGE).content.decode()
    client.force_login(editor)
    client.post("/admin/causes/question/", {"action": "approve_selected", "_selected_action": [question.pk]})
    assert "Approved by an editor" in reader.get(PAGE).content.decode()


def test_saving_a_reply_in_the_admin_records_who_replied_and_who_moderated(client, editor, cause, fixed_clock):
    question = make_question(cause, status=QuestionStatus.PENDING, text="Can I run?")
    client.force_login(editor)
    url = f"/admin/causes/question/{question.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="reply"' in page and 'name="text"' not in page, "the reader's words are not editable"
    response = client.post(url, {"status": "approved", "reply": "Walk first, then run."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.reply == "Walk first, then run."
    assert question.replied_by == editor
    assert question.status == QuestionStatus.APPROVED and question.moderated_by == editor
    assert question.moderated_at == fixed_clock


def test_a_reply_alone_does_not_change_who_moderated(client, editor, superuser, cause):
    question = make_question(cause, text="Can I cycle?", moderated_by=superuser)
    client.force_login(editor)
    response = client.post(f"/admin/causes/question/{question.pk}/change/", {"status": "approved", "reply": "Yes."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.moderated_by, question.replied_by) == (superuser, editor)


def test_the_admin_shows_hostile_text_escaped(client, editor, cause):
    question = make_question(cause, status=QuestionStatus.PENDING, text=HOSTILE_TEXT, author_name=HOSTILE_NAME)
    client.force_login(editor)
    for url in ("/admin/causes/question/", f"/admin/causes/question/{question.pk}/change/"):
        page = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
        assert "<script>alert(1)" not in page and "<img src=x" not in page, url


def test_questions_cannot_be_added_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/causes/question/add/").status_code == 403


def test_staff_without_permission_cannot_see_questions(client, outsider, cause):
    outsider.is_staff = True
    outsider.save()
    make_question(cause)
    client.force_login(outsider)
    assert client.get("/admin/causes/question/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_the_questions_admin(client):
    response = client.get("/admin/causes/question/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
