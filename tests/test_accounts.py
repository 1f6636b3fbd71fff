"""Staff accounts: the "forgot password?" flow from the sign-in page, styled like the site."""

import re

import pytest
from django.test import TestCase

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a new and long enough passphrase"


def reset_link(email) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", email.body)
    assert match, email.body
    return match.group(1)


def request_reset(client, address: str):
    """Ask for a reset; the email task runs once the request's work is committed, as on the site."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/accounts/password_reset/", {"email": address})


def test_the_sign_in_page_links_to_the_password_reset(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/"' in page and "Forgot password?" in page


def test_the_reset_form_is_a_site_page_with_one_heading(client):
    page = client.get("/accounts/password_reset/").content.decode()
    assert page.count("<h1") == 1 and "<h1>Reset your password</h1>" in page
    assert "skip-link" in page, "it extends the site's base layout, not the admin's"
    assert 'name="email"' in page and 'class="form-label' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_staff_member_resets_a_forgotten_password_end_to_end(client, editor, mailoutbox):
    response = request_reset(client, "editor@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["editor@example.com"]
    assert email.subject == "Reset your Foot Drop Clinic password"
    assert "editor" in email.body

    set_password_page = client.get(reset_link(email), follow=True)
    assert "<h1>Choose a new password</h1>" in set_password_page.content.decode()
    set_password_url = set_password_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    complete = client.get(done["Location"]).content.decode()
    assert "<h1>Your password has been changed</h1>" in complete and 'href="/accounts/login/"' in complete

    signed_in = client.post("/accounts/login/", {"username": "editor", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_old_password_stops_working_after_a_reset(client, editor, mailoutbox):
    request_reset(client, "editor@example.com")
    set_password_url = client.get(reset_link(mailoutbox[0]))["Location"]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
    assert not editor.check_password("correct horse battery")


def test_an_unknown_address_sees_the_same_page_and_no_email_is_sent(client, editor, mailoutbox):
    known = request_reset(client, "editor@example.com")
    unknown = request_reset(client, "nobody@example.com")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert client.get(unknown["Location"]).content == client.get(known["Location"]).content
    assert [email.to for email in mailoutbox] == [["editor@example.com"]]


def test_the_done_page_does_not_say_whether_an_account_exists(client):
    page = client.get("/accounts/password_reset/done/").content.decode()
    assert page.count("<h1") == 1 and "<h1>Check your email</h1>" in page
    assert "If the address you entered belongs to a staff account" in page


def test_an_invalid_address_is_refused_on_its_field(client, mailoutbox):
    page = request_reset(client, "not an address").content.decode()
    assert "Enter a valid email address." in page.split('id="id_email_error"')[1]
    assert mailoutbox == []


def test_mismatched_new_passwords_are_refused_on_their_field(client, editor, mailoutbox):
    request_reset(client, "editor@example.com")
    set_password_url = client.get(reset_link(mailoutbox[0]))["Location"]
    page = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": "something else"})
    assert page.status_code == 200
    assert "didn’t match" in page.content.decode().split('id="id_new_password2_error"')[1]
    editor.refresh_from_db()
    assert editor.check_password("correct horse battery")


def test_a_weak_new_password_is_refused(client, editor, mailoutbox):
    request_reset(client, "editor@example.com")
    set_password_url = client.get(reset_link(mailoutbox[0]))["Location"]
    page = client.post(set_password_url, {"new_password1": "short", "new_password2": "short"}).content.decode()
    assert "This password is too short" in page
    editor.refresh_from_db()
    assert editor.check_password("correct horse battery")


def test_a_used_reset_link_no_longer_works(client, editor, mailoutbox):
    request_reset(client, "editor@example.com")
    link = reset_link(mailoutbox[0])
    set_password_url = client.get(link)["Location"]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    page = client.get(link, follow=True).content.decode()
    assert page.count("<h1") == 1 and "<h1>This link no longer works</h1>" in page
    assert 'name="new_password1"' not in page


def test_there_is_no_public_sign_up(client):
    page = client.get("/accounts/login/").content.decode()
    assert "sign up" not in page.lower() and "register" not in page.lower()
    assert client.get("/accounts/signup/").status_code == 404
    assert client.get("/accounts/register/").status_code == 404
