"""The clinic: the triage engine and its vocabulary, in plain Python (no Django, no database, no I/O).

`assess(answers, now=None)` triages one intake; `rank_causes` orders the suspected causes;
`stroke_clock` words the hours since last known well. The intake app, the encyclopedia and the
public check all read the vocabulary from here.
"""

from clinic.clock import stroke_clock
from clinic.engine import Assessment, assess
from clinic.pathways import STROKE_PATHWAY, Referral
from clinic.ranking import rank_causes
from clinic.rules import RULES, RULES_BY_NAME
from clinic.vocabulary import (
    CHOICE_LABELS,
    CHOICES,
    CLUE_LABELS,
    CLUES,
    DISPOSITION_LABELS,
    EMERGENCY,
    EXAMINATION,
    HISTORY,
    LEVEL_LABELS,
    MUSCLES,
    NEVER_ROUTINE_COURSES,
    NEVER_ROUTINE_ONSETS,
    QUESTIONS,
    RED_FLAGS,
    ROUTINE,
    SEVERITY,
    SUDDEN_ONSETS,
    URGENT,
    FormQuestion,
)

__all__ = [
    "CHOICES",
    "CHOICE_LABELS",
    "CLUES",
    "CLUE_LABELS",
    "DISPOSITION_LABELS",
    "EMERGENCY",
    "EXAMINATION",
    "HISTORY",
    "LEVEL_LABELS",
    "MUSCLES",
    "NEVER_ROUTINE_COURSES",
    "NEVER_ROUTINE_ONSETS",
    "QUESTIONS",
    "RED_FLAGS",
    "ROUTINE",
    "RULES",
    "RULES_BY_NAME",
    "SEVERITY",
    "STROKE_PATHWAY",
    "SUDDEN_ONSETS",
    "URGENT",
    "Assessment",
    "FormQuestion",
    "Referral",
    "assess",
    "rank_causes",
    "stroke_clock",
]
