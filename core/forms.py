"""
Text that every form refuses: undecodable bytes and control characters.

A body sent in a charset the site did not ask for, or bytes that are not UTF-8, arrive as
U+FFFD replacement characters; control characters cannot be typed and hide text. Either would
be saved as typed and shown later as garbage. `CleanTextFormMixin` adds `reject_unreadable_text`
to every text field of a form, with a message on the field; multi-line fields keep tab and line
breaks. The admin's forms get it from `core.admin_site.FootDropAdminSite`.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REPLACEMENT_CHARACTER = "\ufffd"
MULTI_LINE_WHITESPACE = frozenset("\t\n\r")


def unreadable_character(text: str, *, multi_line: bool) -> str | None:
    """The first character a person could not have meant to type, or None."""
    for character in text:
        if character == REPLACEMENT_CHARACTER:
            return character
        if multi_line and character in MULTI_LINE_WHITESPACE:
            continue
        if unicodedata.category(character) == "Cc":
            return character
    return None


class UnreadableTextValidator:
    def __init__(self, *, multi_line: bool):
        self.multi_line = multi_line

    def __call__(self, value):
        if isinstance(value, str) and unreadable_character(value, multi_line=self.multi_line) is not None:
            raise ValidationError(
                _(
                    "This contains characters that could not be read (for example from a copy and paste). "
                    "Type it again."
                ),
                code="unreadable",
            )

    def __eq__(self, other):
        return isinstance(other, UnreadableTextValidator) and other.multi_line == self.multi_line


def add_text_validators(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            validator = UnreadableTextValidator(multi_line=isinstance(field.widget, forms.Textarea))
            if validator not in field.validators:
                field.validators.append(validator)


class CleanTextFormMixin:
    """Put first in a form's bases: every text field refuses U+FFFD and control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_text_validators(self)


def clean_text_form(form_class: type) -> type:
    """`form_class` with `CleanTextFormMixin` first among its bases (itself if it has it already)."""
    if issubclass(form_class, CleanTextFormMixin):
        return form_class
    return type(form_class.__name__, (CleanTextFormMixin, form_class), {"__module__": form_class.__module__})
