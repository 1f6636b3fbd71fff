"""
What other apps add to signing in, without accounts importing them.

An app whose form can outlive a session (the intake form, sent after the session ended) registers
a `Carry` at start-up, in its AppConfig.ready(). The sign-in page then carries that app's
reference in the form field it names, shows what `context` returns for it, and, once the person
has signed in, answers with what `resume` returns (or goes on as usual when it returns None).
accounts never imports the apps that register.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Carry:
    field: str
    context: Callable[[str], dict]
    resume: Callable[[HttpRequest, str], HttpResponse | None]


CARRIES: list[Carry] = []


def register(carry: Carry) -> None:
    if carry not in CARRIES:
        CARRIES.append(carry)
