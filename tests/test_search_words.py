"""The words search reads specially come from causes/search_words.toml, checked and read once."""

import pytest

from causes import search
from causes.search_words import WORDS_FILE, SearchWordsError, search_words


def write(tmp_path, text: str):
    path = tmp_path / "words.toml"
    path.write_text('small_words = "the a"\ntopic_words = "foot"\n' + text)
    return path


def test_the_file_gives_search_its_words():
    words = search_words()
    assert search.EVERYDAY_WORDS is words.everyday_words
    assert words.everyday_words["pee"] == ("bladder",)
    assert words.everyday_words["pins and needles"] == ("tingling", "numbness")
    assert {"what", "why", "my"} <= words.small_words
    assert "foot" in words.topic_words
    assert len(words.everyday_words) > 150
    assert words.longest_phrase == max(len(phrase.split()) for phrase in words.everyday_words)


def test_the_file_is_read_once(monkeypatch):
    first = search_words(WORDS_FILE)

    def read_again(*args, **kwargs):
        raise AssertionError("the words file was read again")

    monkeypatch.setattr("tomllib.load", read_again)
    assert search_words(WORDS_FILE) is first
    assert search_words() is search.SEARCH_WORDS


def test_every_phrase_is_written_as_a_query_is_read():
    for phrase, article_words in search_words().everyday_words.items():
        assert search.plain_words(phrase) == phrase.split(), phrase
        assert search.read_query(phrase).terms[0] == (phrase, *article_words), phrase


def test_a_phrase_in_the_file_is_searched_for_its_article_words(tmp_path):
    path = write(tmp_path, '[everyday_words.feeling]\n"wobbly" = ["balance", "unsteady"]\n')
    assert search_words(path).everyday_words == {"wobbly": ("balance", "unsteady")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[everyday_words.feeling]\n"Wobbly" = ["balance"]\n', "'Wobbly': write it in at most 6 lower-case words"),
        ('[everyday_words.feeling]\n"can\'t" = ["balance"]\n', "no apostrophes"),
        ('[everyday_words.feeling]\n"a b c d e f g" = ["balance"]\n', "at most 6 lower-case words"),
        ('[everyday_words.feeling]\n"wobbly" = []\n', "give a list of 1 to 6"),
        ('[everyday_words.feeling]\n"wobbly" = "balance"\n', "give a list of 1 to 6"),
        ('[everyday_words.feeling]\n"wobbly" = ["Balance"]\n', "in lower case"),
        ('[everyday_words.a]\n"wobbly" = ["balance"]\n[everyday_words.b]\n"wobbly" = ["gait"]\n', "another group"),
        ("", "no [everyday_words] groups"),
        ("[everyday_words.feeling\n", "words.toml"),
    ],
)
def test_a_mistake_in_the_file_is_refused_with_where_and_why(tmp_path, text, message):
    with pytest.raises(SearchWordsError, match=message.replace("[", r"\[")):
        search_words(write(tmp_path, text))


def test_the_small_and_topic_words_must_be_plain_words(tmp_path):
    path = tmp_path / "words.toml"
    path.write_text('small_words = "The"\ntopic_words = "foot"\n[everyday_words.a]\n"x" = ["y"]\n')
    with pytest.raises(SearchWordsError, match="small_words must be a text of lower-case words"):
        search_words(path)
