"""
Red-flag words in a reader's search: the words that, written beside foot drop, can mean an
emergency (bladder, bowel, a numb bottom, both legs, sudden, waking up with it, stroke signs).

The list is data, kept here and only here. A query is matched as search reads it (lower
case, no accents or apostrophes: `causes.search.plain_words`), phrase by whole words, so
"can't pee" finds "pee" and "numb bum" finds itself, but "weekend" never finds "wee".
The search results page shows its emergency banner when any of them is found.
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from causes.search import plain_words


class RedFlagWords(NamedTuple):
    """One warning sign: how the banner names it, whether it needs an ambulance, and the words for it."""

    sign: str
    call_999: bool  # a stroke or failing breathing: an ambulance, not a trip to A&E
    phrases: tuple[str, ...]  # written as a query is read: lower case, no apostrophes


RED_FLAG_WORDS = (
    RedFlagWords(
        _("foot drop that came on suddenly"),
        True,
        ("sudden", "suddenly", "all of a sudden", "out of the blue", "out of nowhere", "overnight"),
    ),
    RedFlagWords(
        _("waking up with foot drop"),
        True,
        ("woke up", "woke", "waking", "wake up", "wakes up"),
    ),
    RedFlagWords(
        _("signs of a stroke"),
        True,
        (
            "stroke",
            "mini stroke",
            "tia",
            "face drooping",
            "drooping face",
            "droopy face",
            "face droop",
            "slurred",
            "slurring",
            "cant speak",
            "weak arm",
            "arm weak",
        ),
    ),
    RedFlagWords(
        _("new bladder trouble"),
        False,
        ("bladder", "pee", "peeing", "wee", "weeing", "urine", "urinate", "wet myself", "incontinence", "incontinent"),
    ),
    RedFlagWords(_("new bowel trouble"), False, ("bowel", "bowels", "poo", "pooing", "soiled myself")),
    RedFlagWords(
        _("numbness around the bottom or genitals"),
        False,
        (
            "numb bum",
            "numb bottom",
            "numb groin",
            "numb genitals",
            "numb between my legs",
            "numb down below",
            "saddle",
            "wiping",
            "when i wipe",
        ),
    ),
    RedFlagWords(
        _("weakness in both legs"),
        False,
        ("both legs", "both feet", "both my legs", "both of my legs", "both ankles", "two legs"),
    ),
    RedFlagWords(
        _("weakness spreading up the legs, or trouble breathing or swallowing"),
        True,
        ("spreading up", "creeping up", "going up my legs", "cant breathe", "breathing", "swallowing", "swallow"),
    ),
)


def red_flags_in(query: str) -> list[RedFlagWords]:
    """The warning signs a query names, in the list's order, each once."""
    words = plain_words(query)
    text = f" {' '.join(words)} "
    return [flag for flag in RED_FLAG_WORDS if any(f" {phrase} " in text for phrase in flag.phrases)]
