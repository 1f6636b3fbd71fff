"""The answers as the rules read them: every form of "not asked" becomes None, and "no" is kept apart.

A missing key, None, "" and "not_tested" all mean "not asked"; a red flag is "no" only when it
was asked and answered no. Standard library only.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from clinic.vocabulary import ASKED_NO_WORDS, CHOICES, MUSCLES, NO_WORDS, RED_FLAGS


class Answers:
    """The answers as the rules read them: every form of "not asked" becomes None."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = answers

    def yes(self, name: str) -> bool:
        value = self._answers.get(name)
        return bool(value) and str(value).strip().lower() not in NO_WORDS

    def no(self, name: str) -> bool:
        """Asked and answered no (a red flag left blank is not asked, never no)."""
        value = self._answers.get(name)
        return value is False or (isinstance(value, str) and value.strip().lower() in ASKED_NO_WORDS)

    def choice(self, name: str) -> str | None:
        value = self._answers.get(name)
        return value if value in CHOICES[name] else None

    def mrc(self, name: str) -> int | None:
        value = self._answers.get(name)
        if isinstance(value, bool) or not isinstance(value, int | str):
            return None
        grade = int(value) if str(value).strip().isdecimal() else None
        return grade if grade is not None and 0 <= grade <= 5 else None

    def weak(self, name: str) -> bool:
        grade = self.mrc(name)
        return grade is not None and grade < 5

    def normal(self, name: str) -> bool:
        return self.mrc(name) == 5

    def weakness(self, name: str) -> str:
        return f"{name.removesuffix('_mrc').replace('_', ' ')} is weak (MRC {self.mrc(name)})"

    def when(self, name: str) -> datetime.datetime | None:
        value = self._answers.get(name)
        return value if isinstance(value, datetime.datetime) and value.tzinfo is not None else None

    @property
    def side(self) -> str | None:
        return self.choice("side")

    @property
    def onset(self) -> str | None:
        return self.choice("onset")

    @property
    def course(self) -> str | None:
        return self.choice("course")

    @property
    def maybe_both_legs(self) -> bool:
        return self.side in ("both", None)

    @property
    def acute(self) -> bool:
        """Over hours to days, worsening, or an onset not known: the timing of the emergency patterns."""
        return self.onset not in ("gradual", "lifelong") or self.course == "worsening"

    @property
    def long_standing_and_stable(self) -> bool:
        return self.onset in ("gradual", "lifelong") and self.course in ("stable", "improving")

    def reflexes_lost(self) -> list[str]:
        return [
            f"the {reflex} reflex is {self.choice(f'{reflex}_reflex')}"
            for reflex in ("ankle", "knee")
            if self.choice(f"{reflex}_reflex") in ("reduced", "absent")
        ]

    def upper_motor_neuron_signs(self) -> list[str]:
        signs = [
            f"the {reflex} reflex is brisk"
            for reflex in ("ankle", "knee")
            if self.choice(f"{reflex}_reflex") == "brisk"
        ]
        if self.choice("babinski") == "present":
            signs.append("the Babinski sign is present")
        return signs

    def any_weak(self) -> bool:
        return any(self.weak(name) for name in MUSCLES)

    def red_flags_not_asked(self) -> list[str]:
        """The red flags answered neither yes nor no."""
        return [name for name in RED_FLAGS if not self.yes(name) and not self.no(name)]
