"""
Searching the encyclopedia the way readers write, at a bounded cost whatever they type.

A query is first read into *terms*, each a set of words any of which will do: apostrophes
and accents are dropped ("Parkinson's", "parkinsons"), everyday words are mapped to the
articles' own ("pee" to bladder, "woke up" to sudden; the table is causes/search_words.toml),
and small words that only frame a question ("what is", "why can't I") are set aside. A
cause matches when any term appears anywhere in it; one ranked list puts causes whose names
or other names hold the terms first, then those whose summaries do, then those that only
mention them in the body, and breaks ties by how common the cause is, then emergencies
first. A misspelt name still counts as the name: a word that begins no name's word is
looked up among the names that share most of its letters, and the closest name words join it.

Both databases do the work in their own indexes (causes.search_index keeps them):
- PostgreSQL ranks on a small name and summary document kept in the row, uses the large
  document only as a filter, counts the matches in the same query as the page, and ranks and
  counts no more than MAX_RANKED matches (past that, the page says "more than"). Misspelt
  words and "Did you mean" are pg_trgm similarities over the names its trigram indexes find,
  a few per word.
- SQLite does the same in its FTS5 index, with the same cap: it breaks the ties left between
  causes as common and as urgent with bm25 before the name, and reads from the causes' own
  (wide) rows only the page shown. Misspelt words and "Did you mean" come from FTS5's trigram
  index of the names (on a SQLite older than 3.34, names sharing the word's first letters),
  a few names per word, compared with difflib.

Bounds: a query is cut to MAX_QUERY_WORDS words and MAX_QUERY_LENGTH characters (the page
says so), to MAX_TERMS terms, each everyday phrase to a few article words (search_words.py),
and only MAX_MISSPELT_WORDS words, none longer than LONGEST_MISSPELT_WORD, are looked up as
misspellings, each reading at most NAMES_READ_PER_WORD names.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest

from causes.models import SEARCH_TIES, CauseQuerySet
from causes.search_index import FULL_TEXT_TABLE, HAS_TRIGRAM_TOKENIZER, NAMES_TABLE, SEARCH_TABLE
from causes.search_words import search_words

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 20
MAX_TERMS = 8
NAME_SCORE = 100  # a term in the name or another name
SUMMARY_SCORE = 10  # a term in the summary; a term only in the body scores nothing but still matches
CLOSEST_NAMES = 3
# Readers never page this far: past it, PostgreSQL stops ranking and the page says "more than".
MAX_RANKED = 500
# Enough names per word to know the words a misspelling may mean: each lookup stops there,
# instead of computing the likeness of every name that shares a few letters.
NAMES_READ_PER_WORD = 10
SHORTEST_MISSPELT_WORD = 4  # shorter words have too few letters to guess from
LONGEST_MISSPELT_WORD = 24  # no name's word is longer: a longer word is nonsense, not a typo
MAX_MISSPELT_WORDS = 4  # words looked up as misspellings in one query, the longest first
LONGER_WORD = 7  # from this length, misspellings are looked up by runs of four letters, not three
SHORTEST_PREFIX = 4  # shorter words ("ms", "leg") match whole words only
# How alike a misspelt word and a name's word must be to search for the name's word
# (pg_trgm's similarity, or difflib's ratio on SQLite), and a query and a name for "Did you mean".
GUESS_LIKENESS = 0.45
GUESS_RATIO = 0.75
CLOSEST_LIKENESS = 0.5
CLOSEST_RATIO = 0.6

# The small words, the topic's words and the everyday words, from causes/search_words.toml.
SEARCH_WORDS = search_words()
SMALL_WORDS = SEARCH_WORDS.small_words
TOPIC_WORDS = SEARCH_WORDS.topic_words
EVERYDAY_WORDS = SEARCH_WORDS.everyday_words
LONGEST_PHRASE = SEARCH_WORDS.longest_phrase


@dataclass(frozen=True)
class ReaderQuery:
    """What a reader asked for: terms, each a tuple of phrases any of which will do."""

    terms: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> list[str]:
        """
        The reader's own words that may be misspelt names: not the everyday words the
        table knows, nor the topic's own words, nor words too short to guess from.
        """
        words = {
            term[0]
            for term in self.terms
            if len(term) == 1
            and term[0] not in TOPIC_WORDS
            and SHORTEST_MISSPELT_WORD <= len(term[0]) <= LONGEST_MISSPELT_WORD
        }
        return sorted(sorted(words, key=len, reverse=True)[:MAX_MISSPELT_WORDS])


def clean_query(raw: str) -> str:
    """Printable text only, collapsed spaces, bounded length: any query a reader types is safe to run."""
    return bounded_query(raw)[0]


def bounded_query(raw: str) -> tuple[str, bool]:
    """
    The query as searched: printable text, collapsed spaces, at most MAX_QUERY_WORDS words and
    MAX_QUERY_LENGTH characters, cut between words; and whether anything was cut off.
    """
    # Only the start of a huge query is read: past a few times the cap, it is cut anyway.
    raw = (raw or "")[: MAX_QUERY_LENGTH * 4]
    whole = " ".join("".join(char if char.isprintable() else " " for char in raw).split())
    query = " ".join(whole.split(" ")[:MAX_QUERY_WORDS])
    if len(query) > MAX_QUERY_LENGTH:
        query = query[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0][:MAX_QUERY_LENGTH]
    return query, query != whole


def plain_words(text: str) -> list[str]:
    """Lower case words without accents or apostrophes: "Parkinson’s" is "parkinsons", "Barré" is "barre"."""
    text = text.lower()
    if not text.isascii():  # Only then can it hold accents; most names are read many times.
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"['’`´]", "", text)
    return re.findall(r"[a-z0-9]+", text)


def read_query(raw: str) -> ReaderQuery:
    """Map everyday phrases to the articles' words, longest first; set aside the small words."""
    words = plain_words(clean_query(raw))
    terms, topic = [], []
    position = 0
    while position < len(words):
        for length in range(min(LONGEST_PHRASE, len(words) - position), 0, -1):
            phrase = " ".join(words[position : position + length])
            if phrase in EVERYDAY_WORDS:
                terms.append((phrase, *EVERYDAY_WORDS[phrase]))
                position += length
                break
        else:
            word = words[position]
            position += 1
            if word in TOPIC_WORDS:
                topic.append((word,))
            elif word not in SMALL_WORDS:
                terms.append((word,))
    meaningful = [term for term in terms if term[1:] != ("foot drop",)]
    chosen = meaningful or terms or topic
    return ReaderQuery(terms=tuple(dict.fromkeys(chosen))[:MAX_TERMS])


def search_causes(causes: CauseQuerySet, query: str) -> "CauseQuerySet | RankedMatches":
    """
    The causes matching a reader's query, best first, each annotated with its `rank` and
    with `total`, the number of matches, counted by the same query (a window count): a
    queryset on PostgreSQL, on SQLite the matches ranked in its index (`RankedMatches`).
    """
    reader_query = read_query(query)
    if not reader_query.terms:
        return causes.none()
    guesses = _misspelt_name_words(causes, reader_query.words)
    terms = [tuple(dict.fromkeys((*term, *guesses.get(term[0], ())))) for term in reader_query.terms]
    if connection.vendor != "postgresql":
        return _sqlite_full_text_search(causes, terms)
    matches, rank = _full_text_search(causes, terms)
    return matches.annotate(rank=rank, total=Window(Count("pk"))).order_by("-rank", *SEARCH_TIES)


def closest_causes(causes: CauseQuerySet, query: str) -> list:
    """Up to three causes whose names or other names look like the query: "Did you mean …"."""
    words = read_query(query).words
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _postgres_closest_causes(causes, words)
    return _sqlite_closest_causes(causes, words)


def _misspelt_name_words(causes, words: list[str]) -> dict[str, list[str]]:
    """
    For each word that begins no word of the names that look most like it, the (at most
    two) name words closest to it: "parkinsns" is searched as "parkinsons" too.
    """
    if not words:
        return {}
    if connection.vendor == "postgresql":
        return _postgres_misspelt_name_words(causes, words)
    return _sqlite_misspelt_name_words(words)


# PostgreSQL


def _postgres_names_like(causes, words: list[str], columns: tuple[str, ...]) -> tuple[str, list]:
    """
    SQL for the causes with a name or other name holding a word like one of these (pg_trgm's
    word similarity, `%>`), one indexed branch per word and field, each cut short at
    NAMES_READ_PER_WORD, joined in one query: OR-ed in one WHERE, the planner would scan the
    whole table instead. Each branch is planned on its own (a MATERIALIZED CTE, read lazily):
    with the LIMIT in sight the planner would pick a sequential scan, computing the likeness
    of row after row when few names match. Each row gives `columns`, the word and its stem.
    """
    branches = [
        (word, causes.filter(TrigramWordSimilar(F(field), word)).order_by().values(*columns).query.sql_with_params())
        for word in words
        for field in ("name", "also_known_as")
    ]
    named = ", ".join(f"names_{number} AS MATERIALIZED ({sql})" for number, (_word, (sql, _p)) in enumerate(branches))
    read = " UNION ALL ".join(
        f"(SELECT *, %s AS query_word, %s AS stem FROM names_{number} LIMIT %s)"  # noqa: S608 - numbered names
        for number in range(len(branches))
    )
    params = [param for _word, (_sql, params) in branches for param in params]
    params += [param for word, _query in branches for param in (word, _stem(word), NAMES_READ_PER_WORD)]
    # The SQL is the ORM's own, with its parameters kept apart; nothing a reader typed is pasted in.
    return f"WITH {named} {read}", params


def _postgres_misspelt_name_words(causes, words: list[str]) -> dict[str, list[str]]:
    """
    The words of those names (split as a query is read) that pg_trgm finds similar enough to
    each query word, or that begin with its stem; only these few rows come back.
    """
    names_sql, params = _postgres_names_like(causes, words, ("name", "also_known_as"))
    text = "regexp_replace(lower(found.name || ' ' || found.also_known_as), '[''’`´]', '', 'g')"
    with connection.cursor() as cursor:
        # Fixed SQL around the ORM's own; the reader's words are bound parameters.
        cursor.execute(
            f"SELECT DISTINCT found.query_word, name_word, similarity(name_word, found.query_word) "  # noqa: S608
            f"FROM ({names_sql}) AS found, regexp_split_to_table({text}, '[^a-z0-9]+') AS name_word "
            f"WHERE similarity(name_word, found.query_word) >= %s OR starts_with(name_word, found.stem)",
            [*params, GUESS_LIKENESS],
        )
        return _closest_name_words(words, cursor.fetchall())


def _closest_name_words(words: list[str], found, threshold: float = GUESS_LIKENESS) -> dict[str, list[str]]:
    """A word that begins a name's word is no misspelling; else its two likeliest name words."""
    guesses = {}
    for word in words:
        likely = sorted((likeness, name_word) for query_word, name_word, likeness in found if query_word == word)[::-1]
        closest = [name_word for likeness, name_word in likely[:2] if likeness >= threshold]
        if closest and not any(name_word.startswith(_stem(word)) for _likeness, name_word in likely):
            guesses[word] = closest
    return guesses


def _postgres_closest_causes(causes, words: list[str]) -> list:
    """The causes whose names are most like the query's words (pg_trgm), best first, over a threshold."""
    names_sql, params = _postgres_names_like(causes, words, ("id",))
    likeness = Greatest(*(TrigramWordSimilarity(word, field) for word in words for field in ("name", "also_known_as")))
    return list(
        causes.filter(pk__in=RawSQL(f"SELECT id FROM ({names_sql}) AS names", params))  # noqa: S608, S611
        .annotate(likeness=likeness)
        .filter(likeness__gte=CLOSEST_LIKENESS)
        .order_by("-likeness", "name")
        .only("name", "slug")[:CLOSEST_NAMES]
    )


def _lexeme(word: str, weight: str) -> str:
    """A word, or a prefix when it is long enough: "ms" must not find "mscc"."""
    return f"{word}:*{weight}" if len(word) >= SHORTEST_PREFIX else f"{word}:{weight}" if weight else word


def _tsquery(term: tuple[str, ...], weight: str = "", joiner: str = " <-> ") -> SearchQuery:
    """
    A term as a tsquery: its phrases OR-ed, each long word a prefix. Words are [a-z0-9] only, so
    the text is safe. The filter joins a phrase's words with & rather than <->: a phrase or
    a weight would make PostgreSQL recheck every row the index finds against its large document.
    """
    phrases = (joiner.join(_lexeme(word, weight) for word in phrase.split()) for phrase in term)
    return SearchQuery(" | ".join(f"({phrase})" for phrase in phrases), config="english", search_type="raw")


def _full_text_search(causes, terms):
    """
    The best matches, enough to fill MAX_RANKED places and say whether there are more, read
    in one query: the causes whose small document (names, summary) matches, ranked on it
    alone; then, only while those leave room under the cap, the causes that mention a term
    only in their body, commonest first, walked in that order through an index
    (`cause_search_ties`). A broad query ("nerve") thus never unpacks the large documents
    of thousands of rows, nor ranks or counts more than the cap.
    """
    every_phrase = _tsquery(tuple(phrase for term in terms for phrase in term), joiner=" & ")
    rank = Value(0)
    for term in terms:
        rank = rank + Case(
            When(rank_vector=_tsquery(term, "A"), then=Value(NAME_SCORE)),
            When(rank_vector=_tsquery(term), then=Value(SUMMARY_SCORE)),
            default=Value(0),
            output_field=IntegerField(),
        )
    in_small = Q(rank_vector=every_phrase)
    named = causes.filter(in_small).order_by(rank.desc(), *SEARCH_TIES).values("pk")[: MAX_RANKED + 1]
    # Read only when the names and summaries leave room under the cap (a one-time check that
    # PostgreSQL makes before reading any row); the small document is checked first, so a
    # row it matches is never unpacked.
    room_left = RawSQL("(SELECT COUNT(*) FROM named) <= %s", (MAX_RANKED,), output_field=BooleanField())
    body_only = (
        causes.filter(room_left)
        .exclude(in_small)
        .filter(search_vector=every_phrase)
        .order_by(*SEARCH_TIES)
        .values("pk")[: MAX_RANKED + 1]
    )
    named_sql, named_params = named.query.sql_with_params()
    body_sql, body_params = body_only.query.sql_with_params()
    # The SQL is the ORM's own, with its parameters kept apart; nothing a reader typed is pasted in.
    candidates = RawSQL(  # noqa: S611
        f"WITH named AS MATERIALIZED ({named_sql}) SELECT * FROM named UNION ALL ({body_sql})",  # noqa: S608
        (*named_params, *body_params),
    )
    return causes.filter(pk__in=candidates), rank


def _stem(word: str) -> str:
    """A light English stem, so that a word matches its other forms as a prefix ("numbness", "numb")."""
    for ending in ("ness", "ings", "ing", "ies", "ed", "es", "ic", "s", "e", "y"):
        if word.endswith(ending) and len(word) - len(ending) >= (3 if ending == "s" else 4):
            return word[: -len(ending)]
    return word


# SQLite


def _fts_word(word: str) -> str:
    """A word as FTS5 reads it, stemmed: its start when it is long enough, else the whole word."""
    return f'"{word}"*' if len(word) >= SHORTEST_PREFIX else f'"{word}"'


def _fts_term(term: tuple[str, ...], columns: str = "") -> str:
    """
    A term as an FTS5 query: its phrases OR-ed, each phrase's words AND-ed. Words are [a-z0-9]
    only and quoted, so that no word can be read as an operator.
    """
    phrases = " OR ".join("(" + " AND ".join(_fts_word(word) for word in phrase.split()) + ")" for phrase in term)
    return f"{{{columns}}}: ({phrases})" if columns else f"({phrases})"


# Fixed table names; the query is a bound parameter.
FULL_TEXT_MATCH = f"FROM {FULL_TEXT_TABLE} WHERE {FULL_TEXT_TABLE} MATCH %s"


def _sqlite_full_text_search(causes, terms) -> "RankedMatches":
    """
    The best matches in SQLite's FTS5 index, enough to fill MAX_RANKED places and say whether
    there are more, ranked as on the other database, in one statement:

    1. **named**: the causes whose names or summary hold a term, each term scoring 100 in a
       name, else 10 in the summary (each read from the index with the term kept to one
       column), ordered by score, then the commoner and more urgent cause (`ties`, from the
       small table beside the index), then bm25 over the whole article, then name; the best
       MAX_RANKED + 1 kept;
    2. **body only**: while those leave room under the cap, the causes that hold a term only in
       their body, walked in the order of `ties` and name through the small table's index,
       stopping at MAX_RANKED + 1.

    Only the page's rows are then read from the causes' own (wide) rows.
    """
    points, params = [], []
    for number, term in enumerate(terms):
        for columns, score in (("names", NAME_SCORE), ("summary", SUMMARY_SCORE)):
            points.append(f"SELECT {number} AS term, rowid AS id, {score} AS points {FULL_TEXT_MATCH}")
            params.append(_fts_term(term, columns))
    every_term = " OR ".join(_fts_term(term) for term in terms)
    cap = MAX_RANKED + 1
    # Fixed table names and numbers; the reader's words are bound parameters.
    ranking = (
        f"WITH scored AS MATERIALIZED (SELECT id, SUM(best) AS rank FROM (SELECT term, id, MAX(points) AS best "  # noqa: S608
        f"FROM ({' UNION ALL '.join(points)}) GROUP BY term, id) GROUP BY id), "
        f"named AS MATERIALIZED (SELECT scored.id, scored.rank, search.ties, bm25.relevance, search.names "
        f"FROM scored JOIN {SEARCH_TABLE} AS search ON search.id = scored.id "
        f"JOIN (SELECT rowid AS id, rank AS relevance {FULL_TEXT_MATCH}) AS bm25 ON bm25.id = scored.id "
        f"ORDER BY scored.rank DESC, search.ties, bm25.relevance, search.names LIMIT {cap}), "
        f"body_only AS MATERIALIZED (SELECT search.id, 0 AS rank, search.ties, NULL AS relevance, search.names "
        f"FROM {SEARCH_TABLE} AS search INDEXED BY {SEARCH_TABLE}_ties WHERE (SELECT COUNT(*) FROM named) < {cap} "
        f"AND search.id IN (SELECT rowid {FULL_TEXT_MATCH}) AND search.id NOT IN (SELECT id FROM scored) "
        f"ORDER BY search.ties, search.names LIMIT {cap}), "
        f"ranked AS MATERIALIZED (SELECT id, rank, COUNT(*) OVER () AS total, "
        f"row_number() OVER (ORDER BY rank DESC, ties, relevance, names) AS place "
        f"FROM (SELECT * FROM named UNION ALL SELECT * FROM body_only))"
    )
    return RankedMatches(causes, ranking, [*params, every_term, every_term])


class RankedMatches:
    """
    SQLite's ranked matches, as a paginator reads them: each slice is one statement that
    ranks the matches in the index and reads from the causes' wide rows only the slice's,
    with `rank` and `total` (the number of matches) on each, like PostgreSQL's queryset.
    """

    def __init__(self, causes: CauseQuerySet, ranking: str, params: list):
        self.causes, self.ranking, self.params = causes, ranking, params

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, MAX_RANKED if key.stop is None else key.stop
        if stop <= start:
            return []
        query = self.causes.query
        where, where_params = query.get_compiler(connection=connection).compile(query.where)
        table = self.causes.model._meta.db_table
        # The ranking's SQL (see above), the ORM's own WHERE for the causes searched, and the
        # columns of the fields they load.
        sql = (
            f"{self.ranking} SELECT {', '.join(self._columns())}, ranked.rank, ranked.total FROM ranked "  # noqa: S608
            f"JOIN {table} ON {table}.id = ranked.id WHERE ranked.place > %s AND ranked.place <= %s "
            f"{'AND ' + where if where else ''} ORDER BY ranked.place"
        )
        return list(self.causes.model.objects.raw(sql, [*self.params, start, stop, *where_params]))

    def _columns(self) -> list[str]:
        """The table's columns for the fields the searched queryset loads (all, or those of only())."""
        named, deferred = self.causes.query.deferred_loading
        fields = self.causes.model._meta.concrete_fields
        table = self.causes.model._meta.db_table
        loaded = [field for field in fields if field.primary_key or (field.name in named) != deferred]
        return [f"{table}.{connection.ops.quote_name(field.column)}" for field in loaded]

    def count(self) -> int:
        first = self[0:1]
        return first[0].total if first else 0


def _letters_query(word: str) -> str:
    """
    The word's runs of letters, any of which will do, for FTS5's trigram index: runs of three
    for a short word; of four for a longer one, which keeps some whole however it is misspelt
    and matches far fewer names (each name read is ranked).
    """
    size = 3 if len(word) < LONGER_WORD else 4
    return " OR ".join(f'"{word[start : start + size]}"' for start in range(len(word) - size + 1))


def _sqlite_names_like(words: list[str]) -> list[tuple[str, int, str]]:
    """
    For each word, the ids and names of the NAMES_READ_PER_WORD causes whose names share most
    trigrams with it (bm25 over FTS5's trigram index); without that index, of causes with a
    name word that starts with the word's first three letters. Index lookups cut short, one
    per word, in one query.
    """
    table = NAMES_TABLE
    queries = [_letters_query(word) if HAS_TRIGRAM_TOKENIZER else f'"{word[:3]}"*' for word in words]
    # A fixed table name; the words and queries are bound parameters.
    lookup = f"SELECT * FROM (SELECT %s, rowid, names FROM {table} WHERE {table} MATCH %s ORDER BY rank LIMIT %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join([lookup] * len(words)),
            [param for word, query in zip(words, queries, strict=True) for param in (word, query, NAMES_READ_PER_WORD)],
        )
        return cursor.fetchall()


def _sqlite_misspelt_name_words(words: list[str]) -> dict[str, list[str]]:
    """The words of those few names that difflib finds close to each query word not known as a name's start."""
    name_words = {word: set() for word in words}
    for word, _id, names in _sqlite_names_like(words):
        name_words[word].update(plain_words(names))
    found = []
    for word, candidates in name_words.items():
        if any(name_word.startswith(_stem(word)) for name_word in candidates):
            continue  # a known word: no guess is made for it
        for name_word in candidates:
            matcher = difflib.SequenceMatcher(None, word, name_word)
            if matcher.real_quick_ratio() >= GUESS_RATIO and matcher.quick_ratio() >= GUESS_RATIO:
                found.append((word, name_word, matcher.ratio()))
    return _closest_name_words(words, found, GUESS_RATIO)


def _sqlite_closest_causes(causes, words: list[str]) -> list:
    """The causes among those few whose names look most like the query's words (difflib), best first."""
    ids = {cause_id for _word, cause_id, _names in _sqlite_names_like(words)}
    candidates = causes.filter(pk__in=ids).only("name", "slug", "also_known_as")
    scored = sorted(((-_likeness(words, cause), cause.name, cause) for cause in candidates), key=lambda row: row[:2])
    return [cause for score, _name, cause in scored if -score >= CLOSEST_RATIO][:CLOSEST_NAMES]


def _likeness(words: list[str], cause) -> float:
    """How much the closest of a cause's names looks like the query, word by word (0 to 1)."""
    best = 0.0
    for name in (cause.name, *cause.other_names):
        name_words = plain_words(name)
        for word in words:
            close = difflib.get_close_matches(word, name_words, n=1, cutoff=0)
            if close:
                best = max(best, difflib.SequenceMatcher(None, word, close[0]).ratio())
    return best


class CountedResults:
    """
    Ranked matches as a paginator reads them, one page and the number of matches in a single
    query: the window count on each row spares the paginator a COUNT that would read every
    match again. Any other slice, or a page past the end, is read the ordinary way; so is
    every slice when no page number is given. The count stops at MAX_RANKED (PostgreSQL
    ranks no further): `more_than_counted` then says there are more.
    """

    def __init__(self, matches: CauseQuerySet, *, page_number: int | None, page_size: int):
        self.matches = matches
        self.first = None if page_number is None else (page_number - 1) * page_size
        self.last = None if page_number is None else self.first + page_size

    @cached_property
    def page_rows(self) -> list:
        return [] if self.first is None else list(self.matches[self.first : self.last])

    @cached_property
    def total(self) -> int:
        if self.page_rows:
            return self.page_rows[0].total
        return 0 if self.first == 0 else self.matches.count()

    def count(self) -> int:
        return min(self.total, MAX_RANKED)

    @property
    def more_than_counted(self) -> bool:
        return self.total > MAX_RANKED

    def __getitem__(self, key):
        # The paginator asks for the page, or for less of it when the last page is short.
        if (
            self.first is not None
            and isinstance(key, slice)
            and key.start == self.first
            and self.first <= key.stop <= self.last
        ):
            return self.page_rows[: key.stop - self.first]
        return self.matches[key]
