import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from causes.models import Cause
from tests.conftest import make_cause

pytestmark = pytest.mark.django_db


def test_published_returns_only_published_causes():
    shown = make_cause()
    make_cause(name="Draft", slug="draft", is_published=False)
    assert list(Cause.objects.published()) == [shown]


@pytest.mark.parametrize(
    "field, value",
    [("level", "elbow"), ("onset", "yesterday"), ("usual_side", "three"), ("urgency", "whenever")],
)
def test_the_database_refuses_an_unknown_category(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cause(**{field: value})


def test_the_database_refuses_a_published_cause_without_a_summary():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cause(summary="")


def test_an_unpublished_draft_may_have_no_text_yet():
    draft = make_cause(summary="", overview="", is_published=False)
    assert draft.pk


def test_slugs_are_unique():
    make_cause()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cause(name="Another name")


def test_clean_rejects_an_unknown_clue_code():
    cause = Cause(risk_factors=["diabetes", "moon_phase"])
    with pytest.raises(ValidationError) as error:
        cause.clean()
    assert "moon_phase" in str(error.value.message_dict["risk_factors"])


def test_the_page_address_uses_the_slug():
    assert make_cause().get_absolute_url() == "/causes/test-neuropathy/"


def test_every_change_is_kept_in_history():
    cause = make_cause()
    cause.summary = "A better summary."
    cause.save()
    assert [record.summary for record in cause.history.all()] == ["A better summary.", "A cause made for a test."]
