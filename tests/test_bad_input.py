"""
Random and malformed input to every form never causes a server error: wrong types, huge
strings, NUL bytes, impossible dates, unknown choices, repeated and missing fields. Invalid
input gets an error on its field and nothing is saved; valid input is saved once.

The strategies are built from each form's own fields, so a field added to a form is fuzzed
without any change here. EXAMPLES sets how many examples each form gets (2,000+ in all).
"""

import datetime
import html
import uuid

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clinic
from causes.forms import HONEYPOT_FIELD, QuestionForm
from causes.models import Question, QuestionAllowance, QuestionStatus
from intake.forms import IntakeForm, ReferralForm
from intake.models import Intake
from intake.services import intake_create
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db

EXAMPLES = {
    "intake": 250,
    "referral": 300,
    "question": 300,
    "login": 500,
    "password_reset": 150,
    "search": 400,
    "intake_search": 150,
}


def fuzz(form_name):
    """Hypothesis settings for one form's sweep, marked slow: `make test-fast` leaves the sweeps out."""
    sweep = settings(
        max_examples=EXAMPLES[form_name],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    return lambda test: pytest.mark.slow(sweep(test))


MISSING = "<missing>"  # a sentinel value: leave the field out of the request

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40),
    st.text(max_size=10).map(lambda text: f"{text}\x00{text}"),
    st.sampled_from(
        [
            "",
            " ",
            "\t\r\n",
            "\x00",
            "\u200b",
            "\ufeff",
            "\u202e",
            "null",
            "None",
            "true",
            "-1",
            "1e309",
            "NaN",
            "[]",
            "{}",
            "' OR 1=1 --",
            "'; DROP TABLE intake_intake; --",
            "../../../etc/passwd",
            "%00",
            "%s%s%s%n",
            "{{ request }}",
            "<script>alert(1)</script>",
            "ä" * 300,
            "💥" * 100,
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=1_000, max_value=20_000).map(lambda size: "x" * size),
)
BAD_DATES = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(
        [
            "2023-02-29",
            "1999-13-01",
            "1999-00-10",
            "0000-00-00",
            "99999-01-01",
            "31/12/1999",
            "12/31/1999",
            "1961-03-27T00:00",
            " 1961-03-27 ",
            "1961-3-7",
            "yesterday",
            "1961-03-27\x00",
            str(datetime.date.max),
            str(datetime.date.min),
        ]
    ),
)


def field_values(field: forms.Field) -> st.SearchStrategy:
    """Any value for one field: a valid one, a hostile one, several at once, or none at all."""
    valid = valid_values(field)
    single = st.one_of(valid, HOSTILE_TEXT, BAD_DATES) if isinstance(field, forms.DateField) else valid | HOSTILE_TEXT
    return st.one_of(single, st.just(MISSING), st.lists(single, min_size=2, max_size=3))


def valid_values(field: forms.Field) -> st.SearchStrategy:
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "true", "1", "false", "0", ""])
    if isinstance(field, forms.ChoiceField):
        return st.sampled_from([str(value) for value, _label in field.choices])
    if isinstance(field, forms.DateField):
        return st.dates(min_value=datetime.date(1910, 1, 1), max_value=datetime.date(2020, 12, 31)).map(
            datetime.date.isoformat
        )
    if isinstance(field, forms.DateTimeField):
        return st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2025, 12, 31)).map(
            lambda day: f"{day.isoformat()}T08:30"
        )
    if isinstance(field, forms.UUIDField):
        return st.uuids().map(str)
    if isinstance(field, forms.IntegerField):
        return st.integers(min_value=-5, max_value=200).map(str)
    if isinstance(field, forms.EmailField):
        return st.sampled_from(["nurse@example.com", "someone@example.org"])
    return st.text(min_size=1, max_size=min(field.max_length or 200, 200))


# A box that only matters with another answer: its error shows on that answer's field.
ERROR_SHOWN_ON = {"date_of_birth_not_known": "estimated_age"}


def request_fields(form: forms.Form) -> dict[str, tuple[str, st.SearchStrategy]]:
    """
    Each name the form reads from a request, with the field its error shows on and its values:
    a field of several boxes (the date of birth's day, month and year) is read as several names.
    """
    fields = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultiValueField):
            part = st.integers(min_value=0, max_value=3000).map(str) | HOSTILE_TEXT
            part_values = st.one_of(part, st.just(MISSING), st.lists(part, min_size=2, max_size=3))
            fields |= {name + suffix: (name, part_values) for suffix in field.widget.widgets_names}
        else:
            fields[name] = (ERROR_SHOWN_ON.get(name, name), field_values(field))
    return fields


def form_data(form: forms.Form, base: dict | None = None) -> st.SearchStrategy:
    """
    Either every field random, or a valid base with one field broken: the second kind reaches
    the saving path often, and says which field the error must be on.
    """
    read = request_fields(form)
    fields = {name: values for name, (_shown_on, values) in read.items()}

    def drop_missing(data):
        return {name: value for name, value in data.items() if value != MISSING}

    everything_random = st.fixed_dictionaries(fields).map(drop_missing).map(lambda data: (data, None))
    if base is None:
        return everything_random
    one_broken = st.sampled_from(sorted(fields)).flatmap(
        lambda name: fields[name].map(lambda value: (drop_missing({**base, name: value}), read[name][0]))
    )
    return st.one_of(everything_random, one_broken)


def assert_errors_are_shown_on_their_fields(response, form_name="form"):
    form = response.context[form_name]
    assert form.errors, "a refused form must say what is wrong"
    page = html.unescape(response.content.decode())
    for name in form.errors:
        if name != "__all__" and not form[name].is_hidden:
            assert f"id_{name}" in page, name
            assert str(form[name].label) in page, name


# The intake form


def last(value):
    """What a form reads from a field sent several times: the last value."""
    return value[-1] if isinstance(value, list) else value


def submitted_token(data) -> uuid.UUID | None:
    try:
        return uuid.UUID(last(data["submission_token"]))
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


@given(submission=form_data(IntakeForm(), base=intake_post_data(hospital_number="H1", notes="Seen today")))
@fuzz("intake")
def test_random_intakes_never_fail_and_only_valid_ones_are_saved(client, intake_staff, submission):
    data, broken_field = submission
    client.force_login(intake_staff)
    token = submitted_token(data)
    before = set(Intake.objects.values_list("pk", flat=True))

    response = client.post("/intake/new/", data)

    assert response.status_code in (303, 400), response.status_code
    if response.status_code == 303:
        # One new intake, or the one these same answers filed before (a replay); always this patient's.
        filed = Intake.objects.get(pk=response["Location"].split("/")[2])
        assert set(Intake.objects.values_list("pk", flat=True)) - before <= {filed.pk}
        assert (filed.submission_token, filed.created_by) == (token, intake_staff)
        assert filed.patient_name == " ".join(last(data["patient_name"]).split())
    else:
        assert len(before) == Intake.objects.count()
        assert_errors_are_shown_on_their_fields(response)
        if broken_field is not None:
            assert broken_field in response.context["form"].errors


# The referral form


@pytest.fixture
def emergency_intake(seeded, intake_staff):
    answers = {"patient_name": "Pat Example", "date_of_birth": "1950-01-01", "side": "left", "onset": "sudden"}
    return intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())[0]


STROKE_UNIT = clinic.STROKE_PATHWAY.place


@given(
    submission=form_data(
        ReferralForm(destinations=[STROKE_UNIT]), base={"destination": STROKE_UNIT, "note": "Ambulance"}
    )
)
@fuzz("referral")
def test_random_referrals_never_fail_and_only_valid_ones_are_recorded(
    client, intake_staff, emergency_intake, submission
):
    data, broken_field = submission
    client.force_login(intake_staff)
    Intake.objects.filter(pk=emergency_intake.pk).update(
        referral_made_at=None, referral_made_by=None, referral_destination="", referral_note=""
    )

    response = client.post(f"/intake/{emergency_intake.pk}/referral/", data)

    assert response.status_code in (303, 400), response.status_code
    emergency_intake.refresh_from_db()
    if response.status_code == 303:
        chosen = last(data["destination"]).strip()
        typed = " ".join(last(data.get("other_destination", "")).split())
        assert emergency_intake.referral_made_at is not None
        assert emergency_intake.referral_destination == (typed if chosen == ReferralForm.OTHER else chosen)
    else:
        assert emergency_intake.referral_made_at is None
        assert emergency_intake.referral_destination == ""
        assert_errors_are_shown_on_their_fields(response)
        if broken_field is not None:
            assert broken_field in response.context["form"].errors


# The reader question form


@given(submission=form_data(QuestionForm(), base={"author_name": "Sam", "text": "Is foot drop ever permanent?"}))
@fuzz("question")
def test_random_questions_never_fail_and_only_valid_ones_are_held(client, cause, submission):
    data, broken_field = submission
    QuestionAllowance.objects.all().delete()  # the per-address allowance would otherwise refuse most examples
    before = Question.objects.count()

    response = client.post(f"/causes/{cause.slug}/questions/", data)

    assert response.status_code in (303, 400), response.status_code
    if last(data.get(HONEYPOT_FIELD)):
        assert response.status_code == 303
        assert Question.objects.count() == before
    elif response.status_code == 303:
        assert Question.objects.count() == before + 1
        assert Question.objects.latest("pk").status == QuestionStatus.PENDING
    else:
        assert Question.objects.count() == before
        assert_errors_are_shown_on_their_fields(response, "question_form")
        if broken_field is not None:
            assert broken_field in response.context["question_form"].errors


# Signing in and resetting a password


@given(data=form_data(AuthenticationForm()))
@fuzz("login")
def test_random_sign_ins_never_fail_and_never_sign_anyone_in(client, intake_staff, data):
    data, _broken_field = data
    response = client.post("/accounts/login/", data)
    assert response.status_code in (200, 429), response.status_code
    assert "_auth_user_id" not in client.session
    if response.status_code == 200:
        assert response.context["form"].errors


@given(data=form_data(PasswordResetForm(), base={"email": "nurse@example.com"}))
@fuzz("password_reset")
def test_random_password_reset_requests_never_fail(client, intake_staff, mailoutbox, data):
    data, _broken_field = data
    cache.clear()  # each example a fresh hour of the reset limits: the form itself is what is tried here
    response = client.post("/accounts/password_reset/", data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert_errors_are_shown_on_their_fields(response)


# Searching

QUERY_VALUES = st.one_of(HOSTILE_TEXT, st.lists(HOSTILE_TEXT, min_size=2, max_size=3))


@given(query=QUERY_VALUES, page=st.one_of(st.just(MISSING), HOSTILE_TEXT))
@fuzz("search")
def test_random_searches_never_fail(client, cause, query, page):
    params = {"q": query, **({} if page == MISSING else {"page": page})}
    response = client.get("/causes/", params)
    assert response.status_code in (200, 404), response.status_code


@given(query=QUERY_VALUES, page=st.one_of(st.just(MISSING), HOSTILE_TEXT))
@fuzz("intake_search")
def test_random_intake_searches_never_fail(client, intake_staff, query, page):
    client.force_login(intake_staff)
    params = {"q": query, **({} if page == MISSING else {"page": page})}
    assert client.get("/intake/", params).status_code == 200


# Requests no form would send


def test_a_body_too_large_to_read_is_refused_without_saving(client, intake_staff):
    client.force_login(intake_staff)
    response = client.post("/intake/new/", intake_post_data(notes="x" * (3 * 1024 * 1024)))
    assert response.status_code == 413
    assert Intake.objects.count() == 0


def test_too_many_fields_are_refused_without_saving(client, intake_staff):
    client.force_login(intake_staff)
    data = {**intake_post_data(), **{f"extra{number}": "x" for number in range(1_500)}}
    assert client.post("/intake/new/", data).status_code == 400
    assert Intake.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"patient_name=%FF%FE&date_of_birth_day=27&date_of_birth_month=3&date_of_birth_year=1961&side=left&onset=gradual",
        b"\xff\xfe\x00\x00patient_name=x",
        b"patient_name=%zz&side=%",
        b"=&&==&side",
        b"a" * 10_000,
    ],
)
def test_malformed_form_bodies_are_refused_without_saving(client, intake_staff, body):
    client.force_login(intake_staff)
    response = client.post("/intake/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert Intake.objects.count() == 0


def test_a_form_posted_as_json_is_refused_without_saving(client, intake_staff):
    client.force_login(intake_staff)
    response = client.post("/intake/new/", intake_post_data(), content_type="application/json")
    assert response.status_code == 400
    assert Intake.objects.count() == 0


def test_a_malformed_multipart_body_is_refused_without_saving(client, intake_staff):
    client.force_login(intake_staff)
    response = client.post("/intake/new/", b"--x\r\nbroken", content_type="multipart/form-data; boundary=x")
    assert response.status_code == 400
    assert Intake.objects.count() == 0


def test_a_malformed_intake_id_is_not_found(staff_client):
    assert staff_client.get("/intake/not-a-uuid/").status_code == 404
    assert staff_client.get(f"/intake/{uuid.uuid4()}/").status_code == 404
    assert staff_client.post(f"/intake/{uuid.uuid4()}/referral/", {"destination": "x"}).status_code == 404
