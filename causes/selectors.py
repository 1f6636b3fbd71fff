"""The encyclopedia's reads: what the public pages and the admin's preview show."""

from causes.markdown import render_markdown
from causes.models import SECTIONS, Cause, CauseQuerySet, Level, Urgency
from causes.search import RankedMatches, search_causes

LEVEL_ORDER = {level: position for position, level in enumerate(Level.values)}

# The newest approved questions shown under an article; older ones stay in the admin.
QUESTIONS_SHOWN = 20


def emergency_causes() -> CauseQuerySet:
    return Cause.objects.published().filter(urgency=Urgency.EMERGENCY).only("name", "slug")


def listed_causes(query: str) -> CauseQuerySet | RankedMatches | list[Cause]:
    """The results of a search, or every published cause from brain to muscle."""
    causes = Cause.objects.published().only(
        "name", "slug", "summary", "level", "urgency", "prevalence", "also_known_as"
    )
    if query:
        return search_causes(causes, query)
    return sorted(causes, key=lambda cause: (LEVEL_ORDER[cause.level], cause.name))


def a_to_z_causes(*, most: int) -> list[Cause]:
    """Every published cause for an A to Z, while there are no more than `most`; else none (one bounded read)."""
    causes = list(Cause.objects.published().only("name", "slug", "prevalence", "also_known_as")[: most + 1])
    return causes if len(causes) <= most else []


def cause_article_context(cause: Cause) -> dict:
    """What a cause page shows besides the cause itself; shared with the admin's preview."""
    # The person who made the latest change, or None when the seed loader made it (or none was made).
    latest_change = cause.history.select_related("history_user").first()
    return {
        "sections": [
            (field, heading, render_markdown(getattr(cause, field)))
            for field, heading in SECTIONS
            if getattr(cause, field)
        ],
        "references": render_markdown(cause.references),
        "edited_by": latest_change.history_user if latest_change else None,
        "related_causes": Cause.objects.published()
        .filter(level=cause.level)
        .exclude(pk=cause.pk)
        .only("name", "slug")[:6],
        # One query however many there are; one extra row says whether older ones were left off.
        "questions": list(cause.questions.approved()[: QUESTIONS_SHOWN + 1]),
        "questions_shown": QUESTIONS_SHOWN,
    }


def last_role_of(reviewer) -> str:
    """The role a clinical reviewer gave at their latest approval, to offer again."""
    return (
        Cause.objects.filter(approved_by=reviewer)
        .order_by("-approved_at")
        .values_list("clinical_reviewer_role", flat=True)
        .first()
        or ""
    )
