"""The clinic's vocabulary: the codes of every answer, red flag, level, onset and disposition, with their words.

The intake models and form, the encyclopedia's clue list and the public check all derive from
these tables (tests check the copies). Standard library only: strings are marked for translation
with `gettext_noop` and translated where they are shown.
"""

from typing import NamedTuple

EMERGENCY, URGENT, ROUTINE = "emergency", "urgent", "routine"
# Higher is more urgent.
SEVERITY = {ROUTINE: 0, URGENT: 1, EMERGENCY: 2}


def gettext_noop(text: str) -> str:
    """Marks a word for translation (the site translates it where it is shown)."""
    return text


# --- Codes and their words. ---

DISPOSITION_LABELS = {
    "emergency": gettext_noop("Emergency"),
    "urgent": gettext_noop("Urgent"),
    "routine": gettext_noop("Routine"),
}
LEVEL_LABELS = {
    "central": gettext_noop("Brain or spinal cord (central)"),
    "spinal_cord": gettext_noop("Spinal cord"),
    "nerve_root": gettext_noop("Nerve roots"),
    "plexus": gettext_noop("Lumbosacral plexus"),
    "sciatic": gettext_noop("Sciatic nerve"),
    "peroneal": gettext_noop("Peroneal nerve"),
    "polyneuropathy": gettext_noop("Peripheral nerves of both legs (polyneuropathy)"),
    "muscle": gettext_noop("Muscle"),
    "unknown": gettext_noop("Not yet localised"),
}
# How reasons name a level inside a sentence.
LEVEL_WORDS = {
    "central": "the brain or spinal cord",
    "spinal_cord": "the spinal cord",
    "nerve_root": "the nerve roots",
    "plexus": "the lumbosacral plexus",
    "sciatic": "the sciatic nerve",
    "peroneal": "the peroneal nerve",
    "polyneuropathy": "the peripheral nerves (a polyneuropathy)",
    "muscle": "the muscles",
}
YES_NO_NOT_TESTED = {"yes": gettext_noop("Yes"), "no": gettext_noop("No"), "not_tested": gettext_noop("Not tested")}
REFLEX_LABELS = {
    "normal": gettext_noop("Normal"),
    "reduced": gettext_noop("Reduced"),
    "absent": gettext_noop("Absent"),
    "brisk": gettext_noop("Brisk"),
    "not_tested": gettext_noop("Not tested"),
}
# Every categorical answer: code -> label, in the form's order. "not_tested" means not asked.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "side": {"left": gettext_noop("Left"), "right": gettext_noop("Right"), "both": gettext_noop("Both")},
    "onset": {
        "sudden": gettext_noop("Sudden (minutes to hours)"),
        "on_waking": gettext_noop("Noticed on waking or found (the time it began is not known)"),
        "days": gettext_noop("Over days"),
        "gradual": gettext_noop("Gradual (weeks to months)"),
        "lifelong": gettext_noop("Lifelong or from childhood"),
        "unknown": gettext_noop("Not known"),
    },
    "course": {
        "improving": gettext_noop("Improving"),
        "stable": gettext_noop("Stable"),
        "worsening": gettext_noop("Worsening over the last days or weeks"),
    },
    "ankle_reflex": REFLEX_LABELS,
    "knee_reflex": REFLEX_LABELS,
    "babinski": {
        "present": gettext_noop("Present (toe goes up)"),
        "absent": gettext_noop("Absent"),
        "not_tested": gettext_noop("Not tested"),
    },
    "sensory_loss": {
        "none": gettext_noop("None"),
        "first_web_space": gettext_noop("First web space only"),
        "dorsum_foot": gettext_noop("Top of the foot"),
        "lateral_calf_and_dorsum": gettext_noop("Outer calf and top of the foot"),
        "sole": gettext_noop("Sole of the foot"),
        "stocking": gettext_noop("Stocking pattern, both feet"),
        "not_tested": gettext_noop("Not tested"),
    },
    "sensory_level": YES_NO_NOT_TESTED,
    "fasciculations": YES_NO_NOT_TESTED,
    "fibular_tinel": YES_NO_NOT_TESTED,
}
NOT_TESTED = "not_tested"
CHOICES = {name: tuple(code for code in labels if code != NOT_TESTED) for name, labels in CHOICE_LABELS.items()}


class FormQuestion(NamedTuple):
    """A yes/no question of the form: its label, its help text and how reasons name it."""

    label: str
    help: str
    words: str


RED_FLAG_QUESTIONS = {
    "stroke_signs": FormQuestion(
        gettext_noop("Face, arm or speech signs, sudden loss of balance or vision"),
        gettext_noop("Face drooping, arm weakness, slurred speech, sudden loss of balance or sight."),
        "face, arm or speech trouble, or sudden loss of balance or vision,",
    ),
    "bladder_bowel": FormQuestion(
        gettext_noop("New bladder or bowel trouble"),
        gettext_noop("New retention, incontinence or loss of bowel control."),
        "new bladder or bowel trouble",
    ),
    "saddle_numbness": FormQuestion(
        gettext_noop("Numbness around the bottom or genitals (saddle area)"),
        gettext_noop("Numb when wiping; numbness around the anus, genitals or inner thighs."),
        "saddle numbness",
    ),
    "ascending_weakness": FormQuestion(
        gettext_noop("Weakness spreading up both legs, trouble breathing or swallowing"),
        gettext_noop("Over hours to days; or any trouble breathing or swallowing."),
        "weakness spreading up both legs, or trouble breathing or swallowing,",
    ),
    "compartment_signs": FormQuestion(
        gettext_noop("Severe pain and tense swelling after a fracture, crush or cast"),
        gettext_noop("Pain out of proportion, pain on stretching the toes, tense shin; after fracture, crush or cast."),
        "severe pain with tense swelling after a fracture, crush or cast",
    ),
    "spinal_trauma": FormQuestion(
        gettext_noop("Injury to the spine"),
        gettext_noop("A fall, collision or other injury to the back or neck."),
        "an injury to the spine",
    ),
    "fever_back_pain": FormQuestion(
        gettext_noop("Fever with back pain"),
        gettext_noop("Possible spinal abscess, especially after drug use or a spinal procedure."),
        "fever with back pain",
    ),
    "cancer_back_pain": FormQuestion(
        gettext_noop("Known cancer with new back pain"),
        gettext_noop("Possible spinal cord compression by a tumour."),
        "known cancer with new back pain",
    ),
    "recent_leg_injury": FormQuestion(
        gettext_noop("Injury or operation on the hip, thigh, knee or lower leg in the last 72 hours"),
        gettext_noop("A fracture, dislocation, joint replacement or cast: check the foot pulses."),
        "an injury or operation on the hip, thigh, knee or lower leg in the last 72 hours",
    ),
    "anticoagulant_pain": FormQuestion(
        gettext_noop("On blood thinners, with sudden groin, thigh or back pain"),
        gettext_noop("Anticoagulants such as warfarin, apixaban or heparin: a bleed can press on the nerves."),
        "sudden groin, thigh or back pain in someone on blood thinners",
    ),
}
HISTORY_QUESTIONS = {
    "back_pain_radiating": FormQuestion(
        gettext_noop("Back pain spreading down the leg"),
        gettext_noop("Pain from the back into the leg, below the knee."),
        "back pain radiating down the leg",
    ),
    "knee_surgery_or_injury": FormQuestion(
        gettext_noop("Knee surgery or injury"),
        gettext_noop("Including a fracture of the fibula."),
        "knee surgery or injury",
    ),
    "hip_surgery_or_injection": FormQuestion(
        gettext_noop("Hip surgery or buttock injection"),
        gettext_noop("Hip replacement, hip fracture or dislocation, injection into the buttock."),
        "hip surgery or a buttock injection",
    ),
    "leg_crossing_or_squatting": FormQuestion(
        gettext_noop("Habitual leg crossing, squatting or kneeling"),
        gettext_noop("Or long kneeling, long bed rest."),
        "habitual leg crossing or squatting",
    ),
    "recent_weight_loss": FormQuestion(
        gettext_noop("Recent weight loss"),
        gettext_noop("Thinner padding over the nerve at the knee."),
        "recent weight loss",
    ),
    "cast_or_tight_brace": FormQuestion(
        gettext_noop("Plaster cast, tight brace or boots"),
        gettext_noop("Or tight boots pressing below the knee."),
        "a cast or tight brace",
    ),
    "diabetes": FormQuestion(gettext_noop("Diabetes"), gettext_noop("Type 1 or type 2."), "diabetes"),
    "known_ms": FormQuestion(
        gettext_noop("Known multiple sclerosis"),
        gettext_noop("Diagnosed multiple sclerosis."),
        "known multiple sclerosis",
    ),
    "known_parkinsons": FormQuestion(
        gettext_noop("Known Parkinson's disease"),
        gettext_noop("Diagnosed Parkinson's disease."),
        "known Parkinson's disease",
    ),
    "previous_stroke": FormQuestion(
        gettext_noop("Previous stroke"), gettext_noop("Any earlier stroke or TIA."), "a previous stroke"
    ),
    "family_history": FormQuestion(
        gettext_noop("Family history of foot drop or nerve or muscle disease"),
        gettext_noop("Relatives with foot drop, high arches or a nerve or muscle disease."),
        "a family history",
    ),
    "high_arches": FormQuestion(
        gettext_noop("High arches or hammer toes"), gettext_noop("Often with thin calves."), "high arches"
    ),
    "headache_or_seizure": FormQuestion(
        gettext_noop("New headaches or seizures"),
        gettext_noop("Headaches that are new or worse in the morning, or any fit."),
        "new headaches or seizures",
    ),
    "spinal_procedure": FormQuestion(
        gettext_noop(
            "Epidural, spinal anaesthetic, lumbar puncture, spinal injection or spinal surgery in the last 6 weeks"
        ),
        gettext_noop("An epidural in labour counts too."),
        "a spinal procedure (an epidural, spinal anaesthetic, lumbar puncture, spinal injection or spinal surgery) "
        "in the last 6 weeks",
    ),
}
EXAMINATION_QUESTIONS = {
    "sensory_level": FormQuestion(
        gettext_noop("Sensory level on the trunk"),
        gettext_noop("Feeling changes at a line across the chest or abdomen: points to the spinal cord."),
        "a sensory level on the trunk",
    ),
    "fasciculations": FormQuestion(
        gettext_noop("Twitching or wasting of the muscles"),
        gettext_noop("Fasciculations or thin muscles in the weak leg."),
        "twitching or wasting of the muscles",
    ),
}
QUESTIONS = {**RED_FLAG_QUESTIONS, **HISTORY_QUESTIONS, **EXAMINATION_QUESTIONS}
RED_FLAGS = tuple(RED_FLAG_QUESTIONS)
HISTORY = tuple(HISTORY_QUESTIONS)
MUSCLES = (
    "dorsiflexion_mrc",
    "eversion_mrc",
    "inversion_mrc",
    "hip_abduction_mrc",
    "knee_flexion_mrc",
    "plantarflexion_mrc",
)
EXAMINATION = (
    *MUSCLES,
    "ankle_reflex",
    "knee_reflex",
    "babinski",
    "sensory_loss",
    "sensory_level",
    "fasciculations",
    "fibular_tinel",
)
# Onsets treated as sudden for the stroke pathway: the time it began is known to be recent, or not known.
SUDDEN_ONSETS = ("sudden", "on_waking")
# Onsets of a new foot drop: not over weeks to months, not lifelong.
NEW_ONSETS = ("sudden", "on_waking", "days", "unknown")
# Onsets and courses that are never routine (the database keeps these rules too). Onset over days is
# at least urgent except for a compressive peroneal palsy (rule 16); worsening, except slow change over
# years in a lifelong hereditary neuropathy (rule 18).
NEVER_ROUTINE_ONSETS = ("unknown",)
NEVER_ROUTINE_COURSES = ("worsening",)
SENSORY_WORDS = {"dorsum_foot": "the top of the foot", "first_web_space": "the first web space"}
# Only explicit "no" words read as no; any other truthy value reads as yes, so a red flag
# sent in an unexpected form still fires.
NO_WORDS = frozenset({"false", "no", "off", "0", "none", "not_tested"})
ASKED_NO_WORDS = frozenset({"false", "no", "off", "0"})

# The red flags and history answers that point to a cause: the encyclopedia's clues.
CLUES = (*RED_FLAGS, *HISTORY)
CLUE_LABELS = {name: QUESTIONS[name].label for name in CLUES}


def sentence(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[0].upper() + text[1:]


def and_list(items: list[str]) -> str:
    """An English list: "a", "a and b", "a, b and c"."""
    return " and ".join(filter(None, [", ".join(items[:-1]), items[-1]]))
