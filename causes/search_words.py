"""
The words search reads specially, kept in `search_words.toml` for editors to review: the small
words that only frame a question, the topic's own words, and the everyday words and phrases
readers type with the articles' words for them. Read and checked once, when first needed.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "search_words.toml"
# A phrase or an article's word: lower-case letters and digits, words split by single spaces.
PLAIN_PHRASE = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
LONGEST_KEY = 6  # words in an everyday phrase: reading a query tries each length at each word
MOST_ARTICLE_WORDS = 6  # article phrases one everyday phrase may stand for: each is searched


class SearchWordsError(ValueError):
    """The words file cannot be used as it stands; the message says where and why."""


@dataclass(frozen=True)
class SearchWords:
    small_words: frozenset[str]
    topic_words: frozenset[str]
    everyday_words: dict[str, tuple[str, ...]]

    @property
    def longest_phrase(self) -> int:
        return max((len(phrase.split()) for phrase in self.everyday_words), default=1)


@cache
def search_words(path: Path = WORDS_FILE) -> SearchWords:
    """The words file, read and checked once per process."""
    with path.open("rb") as words_file:
        try:
            table = tomllib.load(words_file)
        except tomllib.TOMLDecodeError as error:
            raise SearchWordsError(f"{path.name}: {error}") from error
    return SearchWords(
        small_words=_word_set(table, "small_words", path),
        topic_words=_word_set(table, "topic_words", path),
        everyday_words=_everyday_words(table, path),
    )


def _word_set(table: dict, key: str, path: Path) -> frozenset[str]:
    words = table.get(key)
    if not isinstance(words, str) or not all(PLAIN_PHRASE.fullmatch(word) for word in words.split()):
        raise SearchWordsError(f"{path.name}: {key} must be a text of lower-case words")
    return frozenset(words.split())


def _everyday_words(table: dict, path: Path) -> dict[str, tuple[str, ...]]:
    """Every group's phrases in one table; a phrase in two groups is a mistake, not a choice."""
    everyday = {}
    for group, phrases in table.get("everyday_words", {}).items():
        for phrase, article_words in phrases.items():
            where = f"{path.name}: [everyday_words.{group}] {phrase!r}"
            if not PLAIN_PHRASE.fullmatch(phrase) or len(phrase.split()) > LONGEST_KEY:
                raise SearchWordsError(f"{where}: write it in at most {LONGEST_KEY} lower-case words, no apostrophes")
            if phrase in everyday:
                raise SearchWordsError(f"{where}: the phrase is already in another group")
            if (
                not isinstance(article_words, list)
                or not 1 <= len(article_words) <= MOST_ARTICLE_WORDS
                or not all(isinstance(word, str) and PLAIN_PHRASE.fullmatch(word) for word in article_words)
            ):
                raise SearchWordsError(
                    f"{where}: give a list of 1 to {MOST_ARTICLE_WORDS} of the articles' words, in lower case"
                )
            everyday[phrase] = tuple(article_words)
    if not everyday:
        raise SearchWordsError(f"{path.name}: no [everyday_words] groups")
    return everyday
