"""Decisive questions: the answers not asked whose answer would change the disposition.

Staff may leave any answer but four blank, and the engine then assumes the worst (a past hip
operation with the 72-hour question not asked is read as a recent one). For each blank that
staff could fill in one press, the engine triages the same answers again with each possible
value, and names the blank when some value gives another disposition, with the disposition each
value would give. The engine is pure, so this is a plain loop over `disposition_of`.

Which blanks count: the red flags, the course, the reflexes, the Babinski sign, a sensory level
and the grade of foot lifting (dorsiflexion): the questions and quick findings the disposition
rules read. Answers that would change only the level or the ranking are not decisive, so they
are never listed. Nor are the other muscles' grades, the pattern of sensory loss, twitching and
the Tinel sign (they localise the lesion; each would add up to six more assessments to every
intake), the time last known well (a clock time, not one press) or history boxes (an unticked
box is recorded as not ticked, not as "not asked"). Standard library only.
"""

import datetime
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from clinic.answers import Answers
from clinic.vocabulary import CHOICE_LABELS, CHOICES, QUESTIONS, RED_FLAGS, SEVERITY, gettext_noop

YES_NO = ((True, gettext_noop("Yes")), (False, gettext_noop("No")))
MRC_GRADES = tuple((grade, str(grade)) for grade in range(6))
# The form's words for the answers that are not yes/no questions of the vocabulary.
FIELD_QUESTIONS = {
    "course": gettext_noop("Course since onset"),
    "ankle_reflex": gettext_noop("Ankle reflex"),
    "knee_reflex": gettext_noop("Knee reflex"),
    "babinski": gettext_noop("Babinski sign"),
    "sensory_level": QUESTIONS["sensory_level"].label,
    "dorsiflexion_mrc": gettext_noop("Ankle dorsiflexion (MRC)"),
}


def _choices(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, CHOICE_LABELS[name][code]) for code in CHOICES[name])


# Each candidate blank, in the form's order, with its possible answers as (value, label).
CANDIDATES: dict[str, tuple[tuple[Any, str], ...]] = {
    "course": _choices("course"),
    **{name: YES_NO for name in RED_FLAGS},
    "dorsiflexion_mrc": MRC_GRADES,
    "ankle_reflex": _choices("ankle_reflex"),
    "knee_reflex": _choices("knee_reflex"),
    "babinski": _choices("babinski"),
    "sensory_level": _choices("sensory_level"),
}


class Option(NamedTuple):
    """One possible answer to a decisive question, and the disposition it would give."""

    value: Any
    label: str
    disposition: str


class DecisiveQuestion(NamedTuple):
    """A blank whose answer would change the disposition: its field, its question and its answers."""

    field: str
    question: str
    options: tuple[Option, ...]

    @property
    def most_urgent(self) -> str:
        return max((option.disposition for option in self.options), key=SEVERITY.get)


def question_of(name: str) -> str:
    return FIELD_QUESTIONS.get(name) or QUESTIONS[name].label


def is_blank(answers: Answers, name: str) -> bool:
    """Not asked: no answer the rules can read (a red flag neither yes nor no, no choice, no grade)."""
    if name in RED_FLAGS:
        return not answers.yes(name) and not answers.no(name)
    if name.endswith("_mrc"):
        return answers.mrc(name) is None
    return answers.choice(name) is None


def decisive_questions(
    answers: Mapping[str, Any],
    disposition: str,
    disposition_of: Callable[[Mapping[str, Any], datetime.datetime | None], str],
    now: datetime.datetime | None = None,
) -> tuple[DecisiveQuestion, ...]:
    """The blanks whose answer would change `disposition`, most urgent first, then in the form's order."""
    read = Answers(answers)
    found = []
    for name, values in CANDIDATES.items():
        if not is_blank(read, name):
            continue
        options = tuple(Option(value, label, disposition_of({**answers, name: value}, now)) for value, label in values)
        if any(option.disposition != disposition for option in options):
            found.append(DecisiveQuestion(name, question_of(name), options))
    # sorted() is stable: equally urgent questions keep the form's order.
    return tuple(sorted(found, key=lambda question: -SEVERITY[question.most_urgent]))
