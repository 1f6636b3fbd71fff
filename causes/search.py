"""
Searching the encyclopedia: PostgreSQL's weighted full-text search (with a GIN
index) where available, and a portable ranked fallback everywhere else.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from causes.models import SECTIONS, CauseQuerySet

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


def clean_query(raw: str) -> str:
    """Printable text only, collapsed spaces, bounded length: any query a reader types is safe to run."""
    printable = "".join(char if char.isprintable() else " " for char in raw or "")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_causes(causes: CauseQuerySet, query: str) -> CauseQuerySet:
    query = clean_query(query)
    if not query:
        return causes.none()
    if connection.vendor == "postgresql":
        return _full_text_search(causes, query)
    return _portable_search(causes, query)


def _full_text_search(causes, query):
    search_query = SearchQuery(query, config="english", search_type="websearch")
    return (
        causes.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "name")
    )


def _portable_search(causes, query):
    """Every term must appear somewhere; matches in the name outrank the summary, which outranks the body."""
    terms = query.split()[:MAX_TERMS]
    body_fields = [field for field, _heading in SECTIONS]
    rank = Value(0)
    for term in terms:
        in_body = Q()
        for field in body_fields:
            in_body |= Q(**{f"{field}__icontains": term})
        causes = causes.filter(Q(name__icontains=term) | Q(summary__icontains=term) | in_body)
        rank = rank + Case(
            When(name__icontains=term, then=Value(100)),
            When(summary__icontains=term, then=Value(10)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return causes.annotate(rank=rank).order_by("-rank", "name")
