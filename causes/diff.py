"""
Readable before-and-after views of a change to a cause, for its history and for the clinical
reviewer's approval page: each changed field by its label, the words taken out struck through
(<del>) and the words put in marked (<ins>), long unchanged stretches shortened.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.template_utils import HistoricalRecordContextHelper

from causes.models import Clue

# Each word with the spaces after it (and any leading spaces), so that the text is rebuilt exactly.
TOKENS = re.compile(r"\s+|\S+\s*")
# Unchanged stretches longer than this many tokens (words and spaces) keep only their ends.
KEPT_AT_EACH_END = 24


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: SafeString
    new: SafeString


def display_value(field, value) -> str:
    """A stored value as the admin shows it: choice labels, clue names, yes or no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field.name == "risk_factors" and isinstance(value, list):
        labels = dict(Clue.choices)
        return ", ".join(str(labels.get(code, code)) for code in value) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _unchanged(text: str) -> str:
    tokens = TOKENS.findall(text)
    if len(tokens) <= 2 * KEPT_AT_EACH_END:
        return escape(text)
    return escape("".join(tokens[:KEPT_AT_EACH_END])) + " … " + escape("".join(tokens[-KEPT_AT_EACH_END:]))


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """`old` with the words taken out marked <del>, and `new` with the words put in marked <ins>."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    old_parts, new_parts = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            same = _unchanged("".join(before[i1:i2]))
            old_parts.append(same)
            new_parts.append(same)
            continue
        if i2 > i1:
            old_parts.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            new_parts.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # noqa: S308 - every part escaped above


def field_change(model, name: str, old, new) -> FieldChange:
    field = model._meta.get_field(name)
    old_html, new_html = word_diff(display_value(field, old), display_value(field, new))
    return FieldChange(capfirst(field.verbose_name), old_html, new_html)


def cause_changes(cause, changes: dict) -> list[FieldChange]:
    """A draft's changes against the live cause."""
    return [field_change(type(cause), name, getattr(cause, name), value) for name, value in changes.items()]


class ReadableChangeHelper(HistoricalRecordContextHelper):
    """django-simple-history's history list, with each change shown whole as a word diff, not cut short."""

    def context_for_delta_changes(self, delta) -> list[dict]:
        return [vars(field_change(self.model, change.field, change.old, change.new)) for change in delta.changes]
