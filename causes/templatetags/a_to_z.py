"""The A to Z of causes: every cause under its name and under each of its other names."""

from itertools import groupby
from typing import NamedTuple

from django import template

register = template.Library()


class Entry(NamedTuple):
    name: str
    cause: object  # the Cause the name leads to
    is_other_name: bool


@register.simple_tag
def a_to_z_letters(causes) -> list[tuple[str, list[Entry]]]:
    """(letter, entries) pairs in alphabetical order; other names point to their cause."""
    entries = []
    for cause in causes:
        entries.append(Entry(cause.name, cause, False))
        entries.extend(Entry(other, cause, True) for other in cause.other_names)
    entries.sort(key=lambda entry: entry.name.casefold())
    return [(letter, list(group)) for letter, group in groupby(entries, key=lambda entry: entry.name[:1].upper())]
