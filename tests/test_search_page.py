"""
The search results page as a worried reader meets it: the emergency card and the check on
every results page, a banner when the query names a warning sign or an emergency cause
ranks in the first three, a query that fits every cause said to be foot drop itself (not
"18 causes match"), and a search box with a visible label.
"""

import re

import pytest

from causes.emergency_words import RED_FLAG_WORDS, red_flags_in

pytestmark = pytest.mark.django_db

RED_FLAG_QUERIES = [
    "numb bum and cant pee",
    "woke up cant lift foot",
    "can't control my bowels",
    "both legs weak",
    "foot went floppy suddenly",
    "face drooping and foot drop",
    "numb when I wipe",
    "weakness spreading up, hard to swallow",
]


def results_page(client, query: str) -> str:
    response = client.get("/causes/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def banner(page: str) -> str:
    return page.split('id="emergency-banner"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    "query", ["peroneal", "crossing my legs", "my foot slaps when I walk", "xylophone", "stroke", *RED_FLAG_QUERIES]
)
def test_every_results_page_carries_the_emergency_card_and_the_check(client, seeded, query):
    page = results_page(client, query)
    card = page.split('id="care-card-emergency"')[1].split("</section>")[0]
    assert 'href="tel:999"' in card
    assert 'href="/check/"' in page


@pytest.mark.parametrize("query", RED_FLAG_QUERIES)
def test_a_query_with_red_flag_words_shows_the_banner_above_the_results(client, seeded, query):
    page = results_page(client, query)
    assert 'id="emergency-banner"' in page
    assert 'href="tel:999"' in banner(page) and 'href="/check/"' in banner(page)
    if 'id="search-results"' in page:
        assert page.index('id="emergency-banner"') < page.index('id="search-results"')


def test_the_banner_names_the_signs_found_and_says_call_999_for_a_stroke_sign(client, seeded):
    page = results_page(client, "numb bum and cant pee")
    assert "<strong>new bladder trouble</strong> and <strong>numbness around the bottom or genitals</strong>" in (
        banner(page)
    )
    assert "Call 999 or go to A&amp;E now" in banner(page)
    assert "Call 999 now if this" in banner(results_page(client, "woke up cant lift foot"))


def test_an_emergency_cause_in_the_first_three_shows_the_banner_without_red_flag_words(client, seeded):
    assert red_flags_in("cauda equina") == []
    page = results_page(client, "cauda equina")
    assert "<strong>Cauda equina syndrome</strong>" in banner(page) and "are emergencies." in banner(page)
    assert 'id="emergency-banner"' not in results_page(client, "peroneal")


def test_an_ordinary_query_with_no_emergency_in_the_first_three_shows_no_banner(client, seeded):
    page = results_page(client, "crossing my legs")
    assert 'id="search-results"' in page and 'id="emergency-banner"' not in page


def test_a_query_that_fits_every_cause_says_so_and_leads_to_the_check(client, seeded):
    page = results_page(client, "my foot slaps when I walk")
    assert not re.search(r"\d+ causes match", page)
    notice = page.split('id="shared-symptom"')[1].split("</div>")[0]
    assert "fits every cause of foot drop, so it cannot tell them apart" in notice
    assert 'href="/check/"' in notice and "To narrow the list" in notice
    assert 'id="search-results"' in page  # the causes are still listed, under a heading that says what they are
    assert "All the causes, best matches first" in page


def test_a_cause_s_own_name_is_counted_as_usual_however_many_articles_mention_it(client, seeded):
    page = results_page(client, "stroke")
    assert 'id="shared-symptom"' not in page
    assert re.search(r"\d+ causes? match", page)


def test_red_flag_words_match_whole_words_of_the_normalised_query():
    assert [flag.sign for flag in red_flags_in("Numb BUM, can’t pee!")] == [
        str(RED_FLAG_WORDS[3].sign),
        str(RED_FLAG_WORDS[5].sign),
    ]
    assert red_flags_in("weekend walking") == []
    assert red_flags_in("bowelling") == []
    assert len(red_flags_in("sudden, suddenly, all of a sudden")) == 1


def test_every_red_flag_phrase_is_written_as_a_query_is_read():
    for flag in RED_FLAG_WORDS:
        for phrase in flag.phrases:
            assert red_flags_in(phrase) == [flag], phrase


def test_the_search_box_has_a_visible_label_for_symptoms_and_names(client, seeded):
    page = results_page(client, "peroneal")
    label = re.search(r'<label for="cause-search"[^>]*>([^<]+)</label>', page)
    assert label and "visually-hidden" not in label[0]
    assert "what you notice" in label[1]
