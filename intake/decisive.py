"""
Decisive questions as the intake stores and shows them.

The engine (clinic.decisive) names the blanks whose answer would change the disposition; the
intake keeps them as JSON, each answer as a short code ("yes", "no", a choice's code, an MRC
grade), so that each can be one button posting that code to `/intake/<id>/answer/`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.decisive import CANDIDATES, DecisiveQuestion

YES_NO_CODES = {True: "yes", False: "no"}


def answer_code(value) -> str:
    """The code a button posts for one possible answer."""
    return YES_NO_CODES.get(value, str(value)) if isinstance(value, bool) else str(value)


def answer_value(field: str, code: str):
    """The answer, as the intake stores it, that a button's code stands for."""
    return next(value for value, _label in CANDIDATES[field] if answer_code(value) == code)


def question_record(question: DecisiveQuestion) -> dict:
    """A decisive question as the intake keeps it (JSON)."""
    return {
        "field": question.field,
        "question": question.question,
        "options": [
            {"answer": answer_code(option.value), "label": option.label, "disposition": option.disposition}
            for option in question.options
        ],
    }


class DecisiveAnswerForm(forms.Form):
    """One press on a decisive question: the question's field and the answer's code."""

    field = forms.CharField(max_length=40)
    value = forms.CharField(max_length=20)

    def __init__(self, *args, intake, **kwargs):
        super().__init__(*args, **kwargs)
        self.intake = intake

    def clean(self):
        cleaned = super().clean()
        field, value = cleaned.get("field"), cleaned.get("value")
        if field is None or value is None:
            return cleaned
        question = next((question for question in self.intake.decisive if question["field"] == field), None)
        if question is None:
            raise forms.ValidationError(
                _("That question has already been answered, or no longer changes what to do."), code="answered"
            )
        if value not in {option["answer"] for option in question["options"]}:
            raise forms.ValidationError(_("Choose one of the answers shown."), code="invalid_answer")
        return cleaned
