"""
Every seeded article must be easy to read: Flesch reading ease of 60 or more (plain English,
about the reading age of a 12-year-old), measured on the text a reader sees, not the Markdown.
"""

import html
import re

import pytest
import textstat
from django.utils.html import strip_tags

from causes.markdown import render_markdown
from causes.models import SECTIONS
from causes.seed import read_seed_files

MINIMUM_READING_EASE = 60
BLOCK = re.compile(r"<(p|li|h3|h4)>(.*?)</\1>", re.S)
# Examination words that mean nothing to most readers: explained under "How it is diagnosed".
BEDSIDE_TERMS = ("inversion", "tinel", "babinski", "reflex", "dorsiflexion", "eversion", "abduction")

ENTRIES = read_seed_files()

# The suite's session fixtures read the staff groups, so even a file without queries needs the test database.
pytestmark = pytest.mark.django_db


def readable_text(entry: dict) -> str:
    """The summary and the article as rendered, one sentence-ending line per paragraph, item and heading."""
    lines = [entry["summary"]]
    for field, _heading in SECTIONS:
        for _tag, block in BLOCK.findall(render_markdown(entry[field])):
            line = html.unescape(strip_tags(block)).strip()
            if line:
                lines.append(line if line[-1] in ".!?:" else f"{line}.")
    return "\n".join(lines)


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["slug"] for entry in ENTRIES])
def test_every_article_reads_at_a_flesch_reading_ease_of_60_or_more(entry):
    score = textstat.flesch_reading_ease(readable_text(entry))
    assert score >= MINIMUM_READING_EASE, (entry["slug"], round(score, 1))


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["slug"] for entry in ENTRIES])
def test_no_article_uses_examination_terms_under_symptoms(entry):
    symptoms = entry["symptoms"].lower()
    assert not [term for term in BEDSIDE_TERMS if term in symptoms], entry["slug"]


def test_the_measure_reads_the_text_a_reader_sees_not_the_markdown():
    entry = dict.fromkeys(("summary", *(field for field, _heading in SECTIONS)), "")
    entry["summary"] = "A summary."
    entry["overview"] = "Some **bold** words and a [link](/causes/stroke/).\n\n- a first item\n- a second item"

    assert readable_text(entry) == "A summary.\nSome bold words and a link.\na first item.\na second item."


def test_dense_clinical_prose_fails_the_bar():
    entry = dict.fromkeys(("summary", *(field for field, _heading in SECTIONS)), "")
    entry["summary"] = (
        "Electrodiagnostic characterisation demonstrates predominantly axonal degeneration with "
        "denervation potentials in peroneal-innervated musculature, necessitating neurophysiological "
        "reassessment and consideration of orthotic intervention."
    )
    assert textstat.flesch_reading_ease(readable_text(entry)) < MINIMUM_READING_EASE
