"""
The public check's Django side: the clinic's questions and outcomes (clinic.public), in the
reader's language. The rules and words live in clinic.public; this module only translates.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from clinic import public
from clinic.public import (  # noqa: F401 (the check's names, for the views and tests)
    BOTH_LEGS,
    NO,
    NOT_WORSENING,
    ONE_LEG,
    RED_FLAG_WORDS,
    WORSENING,
    YES,
    CheckOutcome,
    CheckQuestion,
    InvalidAnswers,
    as_triage_answers,
    read_answers,
)


def questions() -> list[CheckQuestion]:
    """Every question of the check, its words translated."""
    return [
        question._replace(
            text=_(question.text),
            hint=_(question.hint),
            choices=tuple((value, _(label)) for value, label in question.choices),
        )
        for question in public.questions()
    ]


def next_question(answers: Mapping[str, str]) -> CheckQuestion | None:
    question = public.next_question(answers)
    return None if question is None else next(item for item in questions() if item.field == question.field)


def outcome(answers: Mapping[str, str]) -> CheckOutcome:
    result = public.outcome(answers)
    return result._replace(conditions=[_(condition) for condition in result.conditions])
