"""
No hostile text reaches a page as live markup: every payload in tests/xss_payloads.py is saved
through the admin into every text field of a cause, and typed into every form the public and
the staff can use; every page that shows it is parsed, and none may carry a script, an event
attribute, a script URL or a frame.
"""

import uuid
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.forms import Textarea

from causes.admin import CauseAdminForm
from causes.models import Cause, CauseDraft, Question, QuestionStatus, normalise_text
from causes.services import question_moderate
from core.forms import unreadable_character
from intake.models import Intake, SuspectedCause
from tests.conftest import approve_draft, intake_post_data, make_cause
from tests.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

CAUSE_TEXT_FIELDS = [
    "name",
    "summary",
    "overview",
    "mechanism",
    "symptoms",
    "emergency",
    "diagnosis",
    "treatment",
    "outlook",
    "references",
    "written_by",
]
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "poster",
    "codebase",
    "srcset",
}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
FRAMING_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "isindex", "style"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Script files the site serves itself: its static files and the admin's translation catalogue.
OWN_SCRIPTS = ("/static/", "/admin/jsi18n/")


def url_scheme_text(value: str) -> str:
    """A URL as a browser reads its scheme: leading spaces and controls dropped, tabs and newlines removed."""
    stripped = value.lstrip("".join(chr(code) for code in range(33)))
    return stripped.replace("\t", "").replace("\n", "").replace("\r", "").lower()


class ExecutableMarkupFinder(HTMLParser):
    """Collects every piece of markup in a page that a browser could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and not self.is_own_script(attributes):
            self.found.append(f"<script {attributes}>")
        if tag in FRAMING_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in attributes.items():
            if name.startswith("on") or name == "srcdoc":
                self.found.append(f"<{tag} {name}=...>")
            elif name in URL_ATTRIBUTES and self.is_script_url(tag, name, value):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and any(word in value.lower() for word in ("javascript:", "expression(", "url(")):
                self.found.append(f"<{tag} style={value!r}>")

    handle_startendtag = handle_starttag

    @staticmethod
    def is_own_script(attributes) -> bool:
        """The site's and the admin's scripts are their own files, or inert JSON data."""
        return attributes.get("src", "").startswith(OWN_SCRIPTS) or attributes.get("type") in DATA_SCRIPT_TYPES

    @staticmethod
    def is_script_url(tag, name, value) -> bool:
        scheme_text = url_scheme_text(value)
        if tag == "img" and name == "src" and scheme_text.startswith("data:image/"):
            return False
        return scheme_text.startswith(SCRIPT_SCHEMES)


def executable_markup(html: str) -> list[str]:
    finder = ExecutableMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def assert_inert(response, where):
    assert response.status_code < 500, where
    found = executable_markup(response.content.decode())
    assert not found, f"{where}: {found}"


class FormFields(HTMLParser):
    """The values a browser would submit for the form on a page: the admin change form here."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "button", "file"):
            if attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.data.setdefault(name, []).append(attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attributes:
            self.data[self._select].append(attributes.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    # A textarea's first newline belongs to the markup, not the value.
    return {name: [value.removeprefix("\n") for value in values] for name, values in parser.data.items()}


@pytest.fixture
def target(superuser):
    """An emergency cause shown on every public page, a neighbour that links to it, and an intake that suspects it."""
    cause = make_cause(name="Target cause", slug="target", level="peroneal", urgency="emergency")
    neighbour = make_cause(name="Neighbour cause", slug="neighbour", level="peroneal")
    answers = {"patient_name": "Pat Example", "date_of_birth": "1960-01-01", "side": "left", "onset": "sudden"}
    intake = Intake.objects.create(
        created_by=superuser,
        submission_token=uuid.uuid4(),
        disposition="emergency",
        level="peroneal",
        **answers,
    )
    SuspectedCause.objects.create(intake=intake, cause=cause, rank=1)
    return cause, neighbour, intake


def pages_showing_a_cause(cause, neighbour, intake) -> list[str]:
    public = ["/", "/causes/", f"/causes/{cause.slug}/", f"/causes/{neighbour.slug}/"]
    admin = [
        "/admin/",
        "/admin/causes/cause/",
        f"/admin/causes/cause/{cause.pk}/change/",
        f"/admin/causes/cause/{cause.pk}/history/",
        f"/admin/causes/cause/{cause.pk}/preview/",
        f"/admin/causes/cause/{cause.pk}/delete/",
    ]
    staff = [f"/intake/{intake.pk}/", f"/intake/{intake.pk}/referral/"]
    return public + admin + staff


def test_the_corpus_has_at_least_50_distinct_payloads():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_the_finder_catches_live_markup_and_lets_escaped_text_through():
    assert executable_markup('<p>x</p><img src=x onerror="alert(1)">')
    assert executable_markup("<script>alert(1)</script>")
    assert executable_markup('<a href=" java\tscript:alert(1)">x</a>')
    assert executable_markup('<a href="&#106;avascript:alert(1)">x</a>')
    assert executable_markup("<iframe srcdoc=x></iframe>")
    assert not executable_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert not executable_markup('<script src="/static/admin/js/core.js"></script><a href="https://x.example/">x</a>')


@pytest.mark.slow
def test_every_payload_saved_in_every_cause_field_through_the_admin_stays_inert(client, superuser, reviewer, target):
    cause, neighbour, intake = target
    client.force_login(superuser)
    change_url = f"/admin/causes/cause/{cause.pk}/change/"
    form = form_fields(client.get(change_url).content.decode())
    limits = {field: Cause._meta.get_field(field).max_length for field in CAUSE_TEXT_FIELDS}
    # Line breaks and tabs are fine where the admin gives a text area (every TextField, and the summary).
    multi_line = {field: isinstance(CauseAdminForm.base_fields[field].widget, Textarea) for field in CAUSE_TEXT_FIELDS}
    saved = refused = 0
    for round_number in range(len(PAYLOADS)):
        # Each round puts a different payload in each field; over all rounds, every payload visits every field.
        values = {
            field: PAYLOADS[(round_number + offset) % len(PAYLOADS)] for offset, field in enumerate(CAUSE_TEXT_FIELDS)
        }
        values = {field: value[: limits[field]] if limits[field] else value for field, value in values.items()}
        response = client.post(change_url, {**form, **values, "change_reason": "Hostile round", "_continue": "Save"})
        assert_inert(response, f"admin save, round {round_number}")
        if any(unreadable_character(value, multi_line=multi_line[field]) for field, value in values.items()):
            # Control characters and U+FFFD are refused on the field (core.forms).
            assert response.status_code == 200 and "could not be read" in response.content.decode()
            refused += 1
            continue
        assert response.status_code == 302, f"round {round_number} refused: {response.content.decode()[:2000]}"
        saved += 1
        # The draft's before-and-after on the reviewer's page, then its approval, which publishes it.
        client.force_login(reviewer)
        assert_inert(client.get(f"/admin/causes/cause/{cause.pk}/approve/"), f"approval, round {round_number}")
        if CauseDraft.objects.filter(cause=cause).exists():
            approve_draft(cause, reviewer)
        client.force_login(superuser)
        cause.refresh_from_db()
        assert all(getattr(cause, field) == normalise_text(value) for field, value in values.items())
        cache.clear()
        for url in pages_showing_a_cause(cause, neighbour, intake):
            assert_inert(client.get(url), f"{url}, round {round_number}")
        anonymous_search = client.get(f"/causes/?q={quote(values['name'])}", headers={"cookie": ""})
        assert_inert(anonymous_search, f"search, round {round_number}")
    assert saved == len(PAYLOADS) - refused
    assert saved > refused


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_search_query_is_shown_as_text(client, cause, payload):
    response = client.get("/causes/", {"q": payload})
    assert response.status_code == 200
    assert_inert(response, "search")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_username_typed_at_sign_in_is_shown_as_text(client, payload):
    response = client.post("/accounts/login/", {"username": payload, "password": "wrong"})
    assert response.status_code in (200, 429)
    assert_inert(response, "sign-in")


@pytest.mark.slow
def test_intake_answers_and_referrals_are_shown_as_text(client, seeded, intake_staff, superuser):
    client.force_login(intake_staff)
    for number, payload in enumerate(PAYLOADS):
        data = intake_post_data(
            patient_name=payload, hospital_number=payload[:30], notes=payload, onset="sudden", side="left"
        )
        response = client.post("/intake/new/", data)
        assert response.status_code in (303, 400), payload
        assert_inert(response, f"intake form: {payload}")
        if response.status_code == 400:
            continue
        referral_url = response["Location"]
        assert_inert(client.get(referral_url.replace("referral/", "")), f"summary: {payload}")
        referral = {"destination": "other", "other_destination": payload, "note": payload}
        response = client.post(referral_url, referral)
        assert response.status_code in (303, 400), payload
        assert_inert(client.get(referral_url), f"referral page: {payload}")
        if number % 10 == 0:
            assert_inert(client.get("/intake/", {"q": payload}), f"intake search: {payload}")
    assert_inert(client.get("/intake/"), "intake list")
    client.force_login(superuser)
    assert_inert(client.get("/admin/intake/intake/"), "admin intake list")


@pytest.mark.slow
def test_reader_questions_and_replies_are_shown_as_text(client, superuser, target):
    cause, _neighbour, _intake = target
    ask_url = f"/causes/{cause.slug}/questions/"
    for number, payload in enumerate(PAYLOADS):
        address = f"10.0.{number // 200}.{number % 200 + 1}"  # one each: the hourly allowance is per address
        response = client.post(ask_url, {"author_name": payload[:80], "text": payload}, REMOTE_ADDR=address)
        if not readable_question(payload):
            assert response.status_code == 400, payload
            assert_inert(response, f"refused question: {payload}")
            continue
        assert response.status_code == 303, payload
        # Refused (no question text): the form comes back with what was typed.
        refused = client.post(ask_url, {"author_name": payload[:80], "text": ""}, REMOTE_ADDR=address)
        assert refused.status_code == 400
        assert_inert(refused, f"refused question: {payload}")
    questions = list(Question.objects.filter(cause=cause))
    assert len(questions) == len([payload for payload in PAYLOADS if readable_question(payload)])
    for question in questions:
        question.reply = question.text
        question.save(update_fields=["reply"])
        question_moderate(question=question, status=QuestionStatus.APPROVED, by=superuser)
    # The article shows the newest 20: show each batch of 20 in turn.
    for start in range(0, len(questions), 20):
        Question.objects.exclude(pk__in=[question.pk for question in questions[start : start + 20]]).update(
            status=QuestionStatus.PENDING
        )
        Question.objects.filter(pk__in=[question.pk for question in questions[start : start + 20]]).update(
            status=QuestionStatus.APPROVED
        )
        cache.clear()
        page = client.get(f"/causes/{cause.slug}/", headers={"cookie": ""})
        assert page.content.decode().count('class="question"') == len(questions[start : start + 20])
        assert_inert(page, f"questions {start}-{start + 20}")
    client.force_login(superuser)
    assert_inert(client.get("/admin/causes/question/"), "admin question list")
    for question in questions:
        assert_inert(client.get(f"/admin/causes/question/{question.pk}/change/"), f"admin question {question.pk}")


def readable_question(payload: str) -> bool:
    """Whether the question form takes the payload: no control characters but tab and line breaks in the text."""
    return unreadable_character(payload[:80], multi_line=False) is None and not unreadable_character(
        payload, multi_line=True
    )
