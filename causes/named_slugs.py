"""
Slugs that code names causes by. The triage engine's pathways name their causes by slug: a
renamed slug would silently drop a cause's ranking boost and break the links to suspected
causes, so the admin shows these slugs read-only.

`causes` never imports `intake` (design section 2), so the app that holds the engine tells
this registry its slugs when it is ready (intake.apps); `intake.checks` checks each one exists.
"""

from collections.abc import Iterable

_named_slugs: set[str] = set()


def name_slugs(slugs: Iterable[str]) -> None:
    """Record slugs that code names causes by; called from an app's ready()."""
    _named_slugs.update(slugs)


def named_slugs() -> frozenset[str]:
    return frozenset(_named_slugs)
