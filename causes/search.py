"""
Searching the encyclopedia the way readers write.

A query is first read into *terms*, each a set of words any of which will do: apostrophes
and accents are dropped ("Parkinson's", "parkinsons"), everyday words are mapped to the
articles' own ("pee" to bladder, "woke up" to sudden), and small words that only frame a
question ("what is", "why can't I") are set aside. A cause matches when any term appears
anywhere in it; one ranked list puts causes whose names or other names hold the terms
first, then those whose summaries do, then those that only mention them in the body, and
breaks ties by how common the cause is, then emergencies first. A misspelt name still counts as the name.

PostgreSQL ranks on a small name and summary document kept in the row, uses the large
document only as a filter, counts the matches in the same query as the page, and finds the
names a misspelt word may mean with pg_trgm. It ranks and counts no more than MAX_RANKED
matches: past that, the page says "more than".
Elsewhere (SQLite) the same rules run on the text itself, with difflib for misspellings.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import BooleanField, Case, Count, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL

from causes.models import SEARCH_TIES, SECTIONS, CauseQuerySet

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
NAME_SCORE = 100  # a term in the name or another name
SUMMARY_SCORE = 10  # a term in the summary; a term only in the body scores nothing but still matches
CLOSEST_NAMES = 3
# Readers never page this far: past it, PostgreSQL stops ranking and the page says "more than".
MAX_RANKED = 500
# On PostgreSQL, enough names per word to know the words a misspelling may mean: each
# branch stops there, instead of computing the likeness of every name that shares a few letters.
NAMES_READ_PER_WORD = 10
SHORTEST_MISSPELT_WORD = 4  # shorter words have too few letters to guess from
SHORTEST_PREFIX = 4  # shorter words ("ms", "leg") match whole words only

# Words that only frame a question or a sentence ("what is", "why can't I", "my").
SMALL_WORDS = frozenset(
    """
    a about after again all am an and any are as at be because been before being both but by can cant
    cannot could did didnt do does doesnt doing dont during each even for from get gets getting got had
    has have having he her here hers him his how i if im in into is isnt it its ive just keep keeps
    kind know like me mean means might more most much my myself no nor not now of off on once only or
    other our out over own please really same she should so some started still such than that the
    their them then there these they this those to too under until up very was wasnt we were what when
    where which while who why will with wont would you your
    cause causes caused causing called symptom symptoms sign signs
    """.split()
)
# Words every article shares: they only count when nothing else was asked.
TOPIC_WORDS = frozenset("foot feet drop drops dropped dropping droop droopy floppy lift lifting raise".split())

# Everyday words and phrases, and the articles' words for them. Keys and values are
# written as a query is read (lower case, no apostrophes). A key may be several words.
EVERYDAY_WORDS = {
    # how it started
    "sudden": ["sudden"],
    "suddenly": ["sudden"],
    "all of a sudden": ["sudden"],
    "out of the blue": ["sudden"],
    "out of nowhere": ["sudden"],
    "overnight": ["sudden"],
    "woke up": ["sudden"],
    "woke": ["sudden"],
    "waking": ["sudden"],
    "wake up": ["sudden"],
    "this morning": ["sudden"],
    "slowly": ["slowly", "gradually"],
    "gradual": ["gradually", "slowly"],
    "getting worse": ["worse", "worsening"],
    "spreading": ["spread"],
    "going up": ["spread"],
    "creeping up": ["spread"],
    # what the foot and legs do
    "cant lift": ["foot drop"],
    "cannot lift": ["foot drop"],
    "unable to lift": ["foot drop"],
    "drags": ["foot drop"],
    "dragging": ["foot drop"],
    "slapping": ["foot drop"],
    "tripping": ["foot drop"],
    "giving way": ["weakness", "weak"],
    "gives way": ["weakness", "weak"],
    "gave way": ["weakness", "weak"],
    "buckling": ["weakness", "weak"],
    "jelly legs": ["weakness", "weak"],
    "weak": ["weakness", "weak"],
    "twitching": ["twitching", "twitch"],
    "twitches": ["twitching", "twitch"],
    "twitchy": ["twitching", "twitch"],
    "wasting": ["thin", "wasting"],
    "shaking": ["tremor"],
    "shaky": ["tremor"],
    "trembling": ["tremor"],
    "tremors": ["tremor"],
    "stiff": ["stiffness"],
    "shuffling": ["parkinsons"],
    # feeling
    "numb": ["numbness", "numb"],
    "no feeling": ["numbness", "numb"],
    "cant feel": ["numbness", "numb"],
    "dead": ["numbness", "numb"],
    "pins and needles": ["tingling", "numbness"],
    "tingly": ["tingling"],
    "tingles": ["tingling"],
    "burning": ["burning"],
    "numb bum": ["numbness between the legs", "saddle"],
    "numb bottom": ["numbness between the legs", "saddle"],
    "numb groin": ["numbness between the legs", "saddle"],
    "wiping": ["numbness between the legs", "saddle"],
    "saddle": ["numbness between the legs", "saddle"],
    # bladder and bowels
    "pee": ["bladder"],
    "peeing": ["bladder"],
    "wee": ["bladder"],
    "weeing": ["bladder"],
    "urine": ["bladder"],
    "urinating": ["bladder"],
    "wet myself": ["bladder"],
    "incontinence": ["bladder", "bowel"],
    "incontinent": ["bladder", "bowel"],
    "toilet": ["bladder", "bowel"],
    "poo": ["bowel"],
    "pooing": ["bowel"],
    "bowels": ["bowel"],
    "control": ["bladder", "bowel"],
    "lost control": ["bladder", "bowel"],
    # pain
    "back pain": ["back pain"],
    "backache": ["back pain"],
    "bad back": ["back pain"],
    "sore back": ["back pain"],
    "back ache": ["back pain"],
    "lower back": ["back pain", "lower back"],
    "shooting": ["shoots down the leg", "sciatica"],
    "pain down my leg": ["shoots down the leg", "sciatica"],
    "pain down the leg": ["shoots down the leg", "sciatica"],
    "pain down leg": ["shoots down the leg", "sciatica"],
    "pinched nerve": ["trapped nerve", "slipped disc"],
    "trapped nerve": ["trapped nerve", "slipped disc"],
    "slipped disc": ["slipped disc"],
    "bulging disc": ["slipped disc"],
    "prolapsed disc": ["slipped disc"],
    "herniated disc": ["slipped disc"],
    "disc": ["slipped disc", "disc"],
    "sciatica": ["sciatica", "shoots down the leg"],
    "thigh": ["thigh"],
    "groin": ["thigh", "groin"],
    # stroke words
    "face drooping": ["face"],
    "droopy face": ["face"],
    "face droop": ["face"],
    "slurred": ["speaking", "speech"],
    "slurring": ["speaking", "speech"],
    "speech": ["speaking", "speech"],
    "mini stroke": ["stroke"],
    "tia": ["stroke"],
    "brain attack": ["stroke"],
    "bleed on the brain": ["stroke"],
    "brain bleed": ["stroke"],
    "blood clot": ["stroke"],
    "clot": ["stroke"],
    "fast": ["stroke"],
    # injuries, operations and what came before
    "fell": ["fall", "injury"],
    "fall": ["fall", "injury"],
    "accident": ["accident", "injury"],
    "car crash": ["road crash", "accident"],
    "crash": ["crash", "accident"],
    "hurt my back": ["spinal cord injury"],
    "broke my back": ["spinal cord injury"],
    "broken back": ["spinal cord injury"],
    "broken neck": ["spinal cord injury"],
    "broken": ["fracture"],
    "broke": ["fracture"],
    "fractured": ["fracture"],
    "plaster": ["cast"],
    "plaster cast": ["cast"],
    "swollen": ["swelling", "pressure"],
    "swelling": ["swelling", "pressure"],
    "tight": ["tight", "pressure"],
    "crossing my legs": ["crossing your legs"],
    "crossed legs": ["crossing your legs"],
    "cross legged": ["crossing your legs"],
    "crossing legs": ["crossing your legs"],
    "legs crossed": ["crossing your legs"],
    "squatting": ["squatting", "crossing your legs"],
    "kneeling": ["kneeling", "crossing your legs"],
    "hip replacement": ["hip surgery"],
    "hip operation": ["hip surgery"],
    "new hip": ["hip surgery"],
    "injection": ["injection"],
    "jab": ["injection"],
    "lost weight": ["weight loss"],
    "losing weight": ["weight loss"],
    "after flu": ["infection"],
    "after a cold": ["infection"],
    "bug": ["infection"],
    "virus": ["infection"],
    "food poisoning": ["infection"],
    "gave birth": ["childbirth"],
    "giving birth": ["childbirth"],
    "birth": ["childbirth"],
    "labour": ["childbirth"],
    "labor": ["childbirth"],
    "pregnancy": ["childbirth"],
    "pregnant": ["childbirth"],
    "baby": ["childbirth"],
    # long-standing conditions and families
    "sugar": ["diabetes"],
    "diabetic": ["diabetes", "diabetic"],
    "type 2": ["diabetes"],
    "type 1": ["diabetes"],
    "runs in the family": ["families", "inherited"],
    "runs in my family": ["families", "inherited"],
    "family": ["families", "inherited"],
    "families": ["families", "inherited"],
    "genetic": ["inherited", "families"],
    "hereditary": ["inherited", "hereditary"],
    "inherited": ["inherited", "hereditary"],
    "since childhood": ["childhood"],
    "child": ["childhood"],
    "children": ["childhood"],
    "kids": ["childhood"],
    "high arches": ["high arches"],
    "hammer toes": ["high arches"],
    "claw toes": ["high arches"],
    "cancer": ["cancer", "tumour"],
    "tumor": ["tumour"],
    "tumors": ["tumour"],
    "tumours": ["tumour"],
    "growth": ["tumour", "growth"],
    "lump": ["tumour", "growth"],
    "fits": ["seizures"],
    "fit": ["seizures"],
    "seizure": ["seizures"],
    "headache": ["headaches"],
    "pain walking": ["walking"],
    "walking": ["walking"],
    "narrowing": ["narrowing", "stenosis"],
    "old age": ["older"],
    "elderly": ["older"],
    "immune": ["immune"],
    "paralysed": ["weakness", "paralysis"],
    "paralyzed": ["weakness", "paralysis"],
    "paralysis": ["weakness", "paralysis"],
}
LONGEST_PHRASE = max(len(phrase.split()) for phrase in EVERYDAY_WORDS)


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
        return sorted(
            {
                term[0]
                for term in self.terms
                if len(term) == 1 and term[0] not in TOPIC_WORDS and len(term[0]) >= SHORTEST_MISSPELT_WORD
            }
        )


def clean_query(raw: str) -> str:
    """Printable text only, collapsed spaces, bounded length: any query a reader types is safe to run."""
    printable = "".join(char if char.isprintable() else " " for char in raw or "")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


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


def search_causes(causes: CauseQuerySet, query: str) -> CauseQuerySet:
    """
    The causes matching a reader's query, best first, each annotated with its `rank` and
    with `total`, the number of matches, counted by the same query (a window count).
    """
    reader_query = read_query(query)
    if not reader_query.terms:
        return causes.none()
    vocabulary = _names_vocabulary(causes, reader_query.words)
    terms = [_with_misspelt_names(term, vocabulary) for term in reader_query.terms]
    if connection.vendor == "postgresql":
        matches, rank = _full_text_search(causes, terms)
    else:
        matches, rank = _portable_search(causes, terms)
    return matches.annotate(rank=rank, total=Window(Count("pk"))).order_by("-rank", *SEARCH_TIES)


def closest_causes(causes: CauseQuerySet, query: str) -> list:
    """Up to three causes whose names or other names look like the query: "Did you mean …"."""
    words = read_query(query).words
    if not words:
        return []
    # One cause may be found through several words: each is scored once.
    candidates = _causes_with_names_like(causes.only("name", "slug", "also_known_as"), words)
    scored = [(_likeness(words, cause), cause) for cause in {cause.pk: cause for cause in candidates}.values()]
    return [cause for score, cause in sorted(scored, key=lambda pair: -pair[0]) if score >= 0.6][:CLOSEST_NAMES]


def _names_vocabulary(causes, words: list[str]) -> set[str]:
    """The words of the names and other names that a misspelt word of the query could be meant for."""
    if not words:
        return set()
    return {
        word
        for cause in _causes_with_names_like(causes.only("name", "also_known_as"), words)
        for text in (cause.name, cause.also_known_as)
        for word in plain_words(text)
    }


def _causes_with_names_like(causes, words: list[str]):
    """
    On PostgreSQL, the causes with a name or other name holding a word like one of these
    (pg_trgm's word similarity), one indexed branch per word and field, each cut short,
    joined in one query: OR-ed in one WHERE, the planner would scan the whole table instead.
    Each branch is planned on its own (a MATERIALIZED CTE, read lazily): with the LIMIT in
    sight the planner would pick a sequential scan, computing the likeness of row after row
    when few names match. Elsewhere, every cause: fine while they are few.
    """
    if connection.vendor != "postgresql":
        return causes
    branches = [
        causes.filter(**{f"{field}__trigram_word_similar": word}).order_by().query.sql_with_params()
        for word in words
        for field in ("name", "also_known_as")
    ]
    named = ", ".join(f"names_{number} AS MATERIALIZED ({sql})" for number, (sql, _params) in enumerate(branches))
    read = " UNION ALL ".join(f"(SELECT * FROM names_{number} LIMIT %s)" for number in range(len(branches)))  # noqa: S608
    params = [param for _sql, params in branches for param in params] + [NAMES_READ_PER_WORD] * len(branches)
    # The SQL is the ORM's own, with its parameters kept apart; nothing a reader typed is pasted in.
    return causes.model.objects.raw(f"WITH {named} {read}", params)


def _with_misspelt_names(term: tuple[str, ...], vocabulary: set[str]) -> tuple[str, ...]:
    """The term, plus the name words a misspelt word of it is close to (difflib)."""
    guesses = []
    for word in term[:1] if len(term) == 1 and len(term[0]) >= SHORTEST_MISSPELT_WORD else ():
        if not any(known.startswith(_stem(word)) for known in vocabulary):
            guesses += difflib.get_close_matches(word, vocabulary, n=2, cutoff=0.75)
    return tuple(dict.fromkeys((*term, *guesses)))


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


def _word_pattern(word: str) -> str:
    """A word's start when it is long enough; a short one ("ms", "leg") only whole, or plural."""
    return re.escape(word) + (r"\w*" if len(word) >= SHORTEST_PREFIX else r"(?:e?s)?\b")


def _in_text(field: str, phrase: str) -> Q:
    """The phrase at the start of a word of the field: "ms" finds "(MS)", not "symptoms"."""
    words = [_stem(word) for word in phrase.split()]
    pattern = r"\b" + r"\W+".join(_word_pattern(word) for word in words)
    # LIKE first, cheaply; the regular expression then only checks the rows LIKE let through.
    return Q(**{f"{field}__icontains": words[0]}) & Q(**{f"{field}__iregex": pattern})


def _portable_search(causes, terms):
    body_fields = [field for field, _heading in SECTIONS]
    anything = Q(pk__in=[])
    rank = Value(0)
    for term in terms:
        in_names, in_summary, in_body = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
        for phrase in term:
            in_names |= _in_text("name", phrase) | _in_text("also_known_as", phrase)
            in_summary |= _in_text("summary", phrase)
            for field in body_fields:
                in_body |= _in_text(field, phrase)
        anything |= in_names | in_summary | in_body
        rank = rank + Case(
            When(in_names, then=Value(NAME_SCORE)),
            When(in_summary, then=Value(SUMMARY_SCORE)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return causes.filter(anything), rank


def _likeness(words: list[str], cause) -> float:
    """How much the closest of a cause's names looks like the query, word by word (0 to 1)."""
    best = 0.0
    for name in (cause.name, *cause.other_names):
        name_words = plain_words(name)
        for word in words:
            close = difflib.get_close_matches(word, name_words, n=1, cutoff=0)
            if close and len(word) >= 3:
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
