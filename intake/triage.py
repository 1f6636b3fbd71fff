"""The triage engine: from intake answers to a disposition, a lesion level and referrals.

A pure function of the answers (standard library only: no Django, no database, no I/O),
so that it can be tested exhaustively. It also owns the clinic's vocabulary: the codes of
every answer, red flag, level, onset and disposition, with their words. The models, the
form and the encyclopedia's clue list derive from these tables (a test checks the copies).

Safety design, which the tests prove over every combination of red flags and onsets:
- a missing answer, None, "" or "not_tested" all mean "not asked", and every rule is written
  so that not asking can only keep or raise the disposition a normal answer would give;
- a red flag not asked is never read as "no": it is reported as not asked;
- every rule is named in RULES with its least disposition, and the assessment lists the
  names of the rules that fired;
- emergencies come from the onset, the red flags and the emergency patterns of the revised
  triage rules, whatever the boxes say; only a known cause can explain old central signs.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple


def gettext_noop(text: str) -> str:
    """Marks a word for translation (the site translates it where it is shown)."""
    return text


# --- The vocabulary: codes and their words. ---

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
        "days": gettext_noop("Over days"),
        "gradual": gettext_noop("Gradual (weeks to months)"),
        "lifelong": gettext_noop("Lifelong or from childhood"),
        "unknown": gettext_noop("Not known"),
    },
    "course": {
        "improving": gettext_noop("Improving"),
        "stable": gettext_noop("Stable"),
        "worsening": gettext_noop("Worsening"),
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


class Question(NamedTuple):
    """A yes/no question of the form: its label, its help text and how reasons name it."""

    label: str
    help: str
    words: str


RED_FLAG_QUESTIONS = {
    "stroke_signs": Question(
        gettext_noop("Face, arm or speech signs, sudden loss of balance or vision"),
        gettext_noop("Face drooping, arm weakness, slurred speech, sudden loss of balance or sight."),
        "face, arm or speech trouble, or sudden loss of balance or vision,",
    ),
    "bladder_bowel": Question(
        gettext_noop("New bladder or bowel trouble"),
        gettext_noop("New retention, incontinence or loss of bowel control."),
        "new bladder or bowel trouble",
    ),
    "saddle_numbness": Question(
        gettext_noop("Numbness around the bottom or genitals (saddle area)"),
        gettext_noop("Numb when wiping; numbness around the anus, genitals or inner thighs."),
        "saddle numbness",
    ),
    "ascending_weakness": Question(
        gettext_noop("Weakness spreading up both legs, trouble breathing or swallowing"),
        gettext_noop("Over hours to days; or any trouble breathing or swallowing."),
        "weakness spreading up both legs, or trouble breathing or swallowing,",
    ),
    "compartment_signs": Question(
        gettext_noop("Severe pain and tense swelling after a fracture, crush or cast"),
        gettext_noop("Pain out of proportion, pain on stretching the toes, tense shin; after fracture, crush or cast."),
        "severe pain with tense swelling after a fracture, crush or cast",
    ),
    "spinal_trauma": Question(
        gettext_noop("Injury to the spine"),
        gettext_noop("A fall, collision or other injury to the back or neck."),
        "an injury to the spine",
    ),
    "fever_back_pain": Question(
        gettext_noop("Fever with back pain"),
        gettext_noop("Possible spinal abscess, especially after drug use or a spinal procedure."),
        "fever with back pain",
    ),
    "cancer_back_pain": Question(
        gettext_noop("Known cancer with new back pain"),
        gettext_noop("Possible spinal cord compression by a tumour."),
        "known cancer with new back pain",
    ),
    "recent_leg_injury": Question(
        gettext_noop("Injury or operation on the hip, thigh, knee or lower leg in the last 72 hours"),
        gettext_noop("A fracture, dislocation, joint replacement or cast: check the foot pulses."),
        "an injury or operation on the hip, thigh, knee or lower leg in the last 72 hours",
    ),
    "anticoagulant_pain": Question(
        gettext_noop("On blood thinners, with sudden groin, thigh or back pain"),
        gettext_noop("Anticoagulants such as warfarin, apixaban or heparin: a bleed can press on the nerves."),
        "sudden groin, thigh or back pain in someone on blood thinners",
    ),
}
HISTORY_QUESTIONS = {
    "back_pain_radiating": Question(
        gettext_noop("Back pain spreading down the leg"),
        gettext_noop("Pain from the back into the leg, below the knee."),
        "back pain radiating down the leg",
    ),
    "knee_surgery_or_injury": Question(
        gettext_noop("Knee surgery or injury"),
        gettext_noop("Including a fracture of the fibula."),
        "knee surgery or injury",
    ),
    "hip_surgery_or_injection": Question(
        gettext_noop("Hip surgery or buttock injection"),
        gettext_noop("Hip replacement, hip fracture or dislocation, injection into the buttock."),
        "hip surgery or a buttock injection",
    ),
    "leg_crossing_or_squatting": Question(
        gettext_noop("Habitual leg crossing, squatting or kneeling"),
        gettext_noop("Or long kneeling, long bed rest."),
        "habitual leg crossing or squatting",
    ),
    "recent_weight_loss": Question(
        gettext_noop("Recent weight loss"),
        gettext_noop("Thinner padding over the nerve at the knee."),
        "recent weight loss",
    ),
    "cast_or_tight_brace": Question(
        gettext_noop("Plaster cast, tight brace or boots"),
        gettext_noop("Or tight boots pressing below the knee."),
        "a cast or tight brace",
    ),
    "diabetes": Question(gettext_noop("Diabetes"), gettext_noop("Type 1 or type 2."), "diabetes"),
    "known_ms": Question(
        gettext_noop("Known multiple sclerosis"),
        gettext_noop("Diagnosed multiple sclerosis."),
        "known multiple sclerosis",
    ),
    "known_parkinsons": Question(
        gettext_noop("Known Parkinson's disease"),
        gettext_noop("Diagnosed Parkinson's disease."),
        "known Parkinson's disease",
    ),
    "previous_stroke": Question(
        gettext_noop("Previous stroke"), gettext_noop("Any earlier stroke or TIA."), "a previous stroke"
    ),
    "family_history": Question(
        gettext_noop("Family history of foot drop or nerve or muscle disease"),
        gettext_noop("Relatives with foot drop, high arches or a nerve or muscle disease."),
        "a family history",
    ),
    "high_arches": Question(
        gettext_noop("High arches or hammer toes"), gettext_noop("Often with thin calves."), "high arches"
    ),
    "headache_or_seizure": Question(
        gettext_noop("New headaches or seizures"),
        gettext_noop("Headaches that are new or worse in the morning, or any fit."),
        "new headaches or seizures",
    ),
}
EXAMINATION_QUESTIONS = {
    "sensory_level": Question(
        gettext_noop("Sensory level on the trunk"),
        gettext_noop("Feeling changes at a line across the chest or abdomen: points to the spinal cord."),
        "a sensory level on the trunk",
    ),
    "fasciculations": Question(
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
# Onsets and courses that are never routine (the database keeps these rules too).
NEVER_ROUTINE_ONSETS = ("days", "unknown")
NEVER_ROUTINE_COURSES = ("worsening",)
SENSORY_WORDS = {"dorsum_foot": "the top of the foot", "first_web_space": "the first web space"}
# Only explicit "no" words read as no; any other truthy value reads as yes, so a red flag
# sent in an unexpected form still fires.
NO_WORDS = frozenset({"false", "no", "off", "0", "none", "not_tested"})
ASKED_NO_WORDS = frozenset({"false", "no", "off", "0"})
STROKE_WINDOWS_HOURS = {"thrombolysis": 4.5, "thrombectomy": 24}

# --- Emergency pathways: where to send the patient, and how fast. ---


class Pathway(NamedTuple):
    """One emergency pathway: the suspicion, where to send, how fast, the matching causes, and the place in short."""

    suspect: str
    destination: str
    timeframe: str
    causes: tuple[str, ...] = ()
    scan: str = ""
    place: str = ""  # where the patient goes, in a few words: what a referral record names


LUMBAR_SPINE_MRI = "Emergency MRI of the lumbar spine"
WHOLE_SPINE_MRI = "Emergency MRI of the whole spine"
CALL_999 = "Call 999 for an ambulance to the emergency department"
EMERGENCY_DEPARTMENT = "Emergency department"
EMERGENCY_DEPARTMENT_BY_AMBULANCE = "Emergency department, by 999 ambulance"
STROKE_PATHWAY = Pathway(
    "stroke",
    "Call 999 for an ambulance to a hyperacute stroke unit",
    "Now: clot-busting treatment (thrombolysis) is possible up to 4.5 hours, and clot removal "
    "(thrombectomy) up to 24 hours, after the person was last known to be well",
    ("stroke",),
    place="Hyperacute stroke unit, by 999 ambulance",
)
CAUDA_EQUINA_PATHWAY = Pathway(
    "cauda equina syndrome",
    "Emergency department, for the on-call spinal surgical team",
    "Now",
    ("cauda-equina-syndrome",),
    LUMBAR_SPINE_MRI,
    place="Emergency department, on-call spinal surgical team",
)
GUILLAIN_BARRE_PATHWAY = Pathway(
    "Guillain-Barré syndrome",
    "Emergency department; call 999 for an ambulance if breathing or swallowing is affected",
    "Now: check breathing (a single-breath count or FVC); the weakness can reach the breathing muscles. "
    "Never send home",
    ("guillain-barre-syndrome",),
    place=EMERGENCY_DEPARTMENT,
)
COMPARTMENT_PATHWAY = Pathway(
    "anterior compartment syndrome",
    "Emergency department or the on-call orthopaedic surgeon; split any cast down to the skin, padding included, "
    "and keep the leg at the level of the heart",
    "Now: the muscle survives only about 4 to 6 hours of raised pressure",
    ("compartment-syndrome",),
    place="Emergency department or on-call orthopaedic surgeon",
)
SPINAL_INJURY_PATHWAY = Pathway(
    "spinal cord injury",
    "Call 999 for an ambulance to the emergency department; keep the spine still",
    "Now",
    ("spinal-cord-injury",),
    WHOLE_SPINE_MRI,
    place=EMERGENCY_DEPARTMENT_BY_AMBULANCE,
)
SPINAL_ABSCESS_PATHWAY = Pathway(
    "spinal abscess",
    "Emergency department",
    "Now",
    ("spinal-cord-compression",),
    WHOLE_SPINE_MRI,
    place=EMERGENCY_DEPARTMENT,
)
SPINAL_METASTASIS_PATHWAY = Pathway(
    "metastatic spinal cord compression",
    "Acute oncology team or the metastatic spinal cord compression coordinator",
    "Now: within 24 hours, at once when the leg is weak",
    ("spinal-cord-compression",),
    WHOLE_SPINE_MRI,
    place="Acute oncology, spinal cord compression coordinator",
)
CORD_PATHWAY = Pathway(
    "spinal cord compression or myelitis",
    "Emergency department, for the on-call spinal team",
    "Now",
    ("spinal-cord-compression", "multiple-sclerosis"),
    WHOLE_SPINE_MRI,
    place="Emergency department, on-call spinal team",
)
LEG_INJURY_PATHWAY = Pathway(
    "nerve or blood vessel injury, compartment syndrome or haematoma after a recent leg injury or operation",
    "Emergency department or the on-call orthopaedic team",
    "Now, the same day: check the foot pulses",
    ("compartment-syndrome", "sciatic-neuropathy", "common-peroneal-neuropathy"),
    place="Emergency department or on-call orthopaedic team",
)
BLEED_PATHWAY = Pathway(
    "bleed behind the abdomen (retroperitoneal haematoma) on blood thinners",
    "Emergency department",
    "Now: tell them which blood thinner the patient takes and when the last dose was",
    ("lumbosacral-plexopathy",),
    place=EMERGENCY_DEPARTMENT,
)
RED_FLAG_PATHWAYS = {
    "stroke_signs": STROKE_PATHWAY,
    "bladder_bowel": CAUDA_EQUINA_PATHWAY,
    "saddle_numbness": CAUDA_EQUINA_PATHWAY,
    "ascending_weakness": GUILLAIN_BARRE_PATHWAY,
    "compartment_signs": COMPARTMENT_PATHWAY,
    "spinal_trauma": SPINAL_INJURY_PATHWAY,
    "fever_back_pain": SPINAL_ABSCESS_PATHWAY,
    "cancer_back_pain": SPINAL_METASTASIS_PATHWAY,
    "recent_leg_injury": LEG_INJURY_PATHWAY,
    "anticoagulant_pain": BLEED_PATHWAY,
}
# Answers that explain a sudden onset: an injury, operation or cast in the last hours or days.
INJURY_FLAGS = ("recent_leg_injury", "compartment_signs", "spinal_trauma")
# History that may be a recent leg injury, operation or cast when its timing was not asked.
INJURY_HISTORY = ("knee_surgery_or_injury", "hip_surgery_or_injection", "cast_or_tight_brace")
# Level rules that ask for investigation within 24 hours: an emergency's own pathway replaces them.
IMAGING_RULES = ("central_level_urgent", "sciatic_or_plexus_level_urgent")
# Known conditions that can explain long-standing upper motor neuron signs.
KNOWN_CENTRAL_CAUSES = ("previous_stroke", "known_ms", "known_parkinsons")

# --- Localisation. ---

# When findings point to different levels the first in this order wins: the more proximal
# and dangerous explanation is the one that must not be missed.
LEVEL_PRECEDENCE = ("central", "spinal_cord", "plexus", "nerve_root", "sciatic", "polyneuropathy", "muscle", "peroneal")
# Red flags and history that suggest a level, used only when the examination localises nothing.
# Parkinson's disease, previous stroke, diabetes, weight loss and family history are left out:
# they do not say where a new foot drop comes from, and only feed the cause ranking.
CLUE_LEVELS = {
    **dict.fromkeys(("fever_back_pain", "cancer_back_pain"), "spinal_cord"),
    **dict.fromkeys(("bladder_bowel", "saddle_numbness", "back_pain_radiating"), "nerve_root"),
    "ascending_weakness": "polyneuropathy",
    "compartment_signs": "muscle",
    "hip_surgery_or_injection": "sciatic",
    "anticoagulant_pain": "plexus",
    **dict.fromkeys(("knee_surgery_or_injury", "leg_crossing_or_squatting", "cast_or_tight_brace"), "peroneal"),
    **dict.fromkeys(("known_ms", "headache_or_seizure"), "central"),
}
# With upper motor neuron signs, these make the spinal cord (not the brain) the likely level.
CORD_CLUES = ("spinal_trauma", "bladder_bowel", "saddle_numbness", "fever_back_pain", "cancer_back_pain")
ROOT_OR_NERVE_LEVELS = ("nerve_root", "plexus", "sciatic", "peroneal", "polyneuropathy", "unknown")

# --- Ranking the suspected causes (display only: it never changes the disposition). ---

SCORE_WEIGHTS = {
    "level": 6,  # the cause sits at the assessed level
    "red_flag_risk_factor": 8,  # a red flag answered yes names its cause better than any examination
    "pathway": 8,  # an emergency pathway that fired names its causes
    "risk_factor": 3,  # each history clue answered yes that the cause lists
    "onset": 2,  # the answered onset is the cause's usual onset
    "side": 2,  # one leg or both legs, as the cause usually is
    "side_either": 1,  # the cause can affect one or both legs: a weaker match
}
# Ties go to the commoner cause.
PREVALENCE_ORDER = ("common", "uncommon", "rare")
CAUSE_LEVELS = {"central": {"brain", "spinal_cord"}}
SIDE_GROUPS = {"left": "one", "right": "one", "both": "both"}


# --- The result. ---


@dataclass(frozen=True)
class Referral:
    """One step of an emergency: the first is the one thing to do now."""

    suspect: str
    destination: str
    timeframe: str
    scan: str = ""
    rule: str = ""
    place: str = ""


@dataclass(frozen=True)
class Assessment:
    """The stored triage result: what to do, where the lesion is likely to be, and why."""

    disposition: str
    level: str
    reasons: tuple[str, ...]
    referrals: tuple[Referral, ...]
    rules_fired: tuple[str, ...] = field(default=())


class _Answers:
    """The answers as the rules read them: every form of "not asked" becomes None."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = answers

    def yes(self, name: str) -> bool:
        value = self._answers.get(name)
        return bool(value) and str(value).strip().lower() not in NO_WORDS

    def no(self, name: str) -> bool:
        """Asked and answered no (a red flag left blank is not asked, never no)."""
        value = self._answers.get(name)
        return value is False or (isinstance(value, str) and value.strip().lower() in ASKED_NO_WORDS)

    def choice(self, name: str) -> str | None:
        value = self._answers.get(name)
        return value if value in CHOICES[name] else None

    def mrc(self, name: str) -> int | None:
        value = self._answers.get(name)
        if isinstance(value, bool) or not isinstance(value, int | str):
            return None
        grade = int(value) if str(value).strip().isdecimal() else None
        return grade if grade is not None and 0 <= grade <= 5 else None

    def weak(self, name: str) -> bool:
        grade = self.mrc(name)
        return grade is not None and grade < 5

    def normal(self, name: str) -> bool:
        return self.mrc(name) == 5

    def weakness(self, name: str) -> str:
        return f"{name.removesuffix('_mrc').replace('_', ' ')} is weak (MRC {self.mrc(name)})"

    def when(self, name: str) -> datetime.datetime | None:
        value = self._answers.get(name)
        return value if isinstance(value, datetime.datetime) and value.tzinfo is not None else None

    @property
    def side(self) -> str | None:
        return self.choice("side")

    @property
    def onset(self) -> str | None:
        return self.choice("onset")

    @property
    def course(self) -> str | None:
        return self.choice("course")

    @property
    def maybe_both_legs(self) -> bool:
        return self.side in ("both", None)

    @property
    def acute(self) -> bool:
        """Over hours to days, worsening, or an onset not known: the timing of the emergency patterns."""
        return self.onset not in ("gradual", "lifelong") or self.course == "worsening"

    @property
    def long_standing_and_stable(self) -> bool:
        return self.onset in ("gradual", "lifelong") and self.course in ("stable", "improving")

    def reflexes_lost(self) -> list[str]:
        return [
            f"the {reflex} reflex is {self.choice(f'{reflex}_reflex')}"
            for reflex in ("ankle", "knee")
            if self.choice(f"{reflex}_reflex") in ("reduced", "absent")
        ]

    def upper_motor_neuron_signs(self) -> list[str]:
        signs = [
            f"the {reflex} reflex is brisk"
            for reflex in ("ankle", "knee")
            if self.choice(f"{reflex}_reflex") == "brisk"
        ]
        if self.choice("babinski") == "present":
            signs.append("the Babinski sign is present")
        return signs

    def any_weak(self) -> bool:
        return any(self.weak(name) for name in MUSCLES)


# --- The rules. Each has a name, the least disposition it demands and its reason. ---


class Fired(NamedTuple):
    rule: str
    reason: str
    pathways: tuple[Pathway, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A named triage rule: check returns the words for its reason when it fires, else None."""

    name: str
    disposition: str
    reason: str
    check: Callable[[_Answers], dict[str, str] | None]
    pathways: tuple[Pathway, ...] = ()

    def fire(self, intake: _Answers) -> Fired | None:
        words = self.check(intake)
        if words is None:
            return None
        return Fired(self.name, _sentence(self.reason.format(**words)), self.pathways)


def _unexplained_sudden_onset(intake: _Answers) -> dict[str, str] | None:
    if intake.onset != "sudden" or any(intake.yes(name) for name in INJURY_FLAGS):
        return None
    return {}


def _sudden_onset_after_injury(intake: _Answers) -> dict[str, str] | None:
    injuries = [QUESTIONS[name].words for name in INJURY_FLAGS if intake.yes(name)]
    if intake.onset != "sudden" or not injuries:
        return None
    return {"injury": _and(injuries)}


def _red_flag(name: str) -> Callable[[_Answers], dict[str, str] | None]:
    return lambda intake: {} if intake.yes(name) else None


def _guillain_barre_pattern(intake: _Answers) -> dict[str, str] | None:
    """Both legs, over hours to days (or not known when), not stable, reflexes reduced or lost."""
    lost = intake.reflexes_lost()
    recent = intake.onset not in ("gradual", "lifelong")
    if intake.side != "both" or not recent or intake.course in ("stable", "improving") or not lost:
        return None
    return {"reflexes": _and(lost)}


def _cord_pattern(intake: _Answers) -> dict[str, str] | None:
    """Upper motor neuron signs with both legs, a sensory level or new bladder trouble; or a sensory level."""
    signs = intake.upper_motor_neuron_signs()
    context = [
        words
        for words, present in (
            ("both legs affected", intake.side == "both"),
            ("a sensory level on the trunk", intake.choice("sensory_level") == "yes"),
            ("new bladder or bowel trouble", intake.yes("bladder_bowel")),
        )
        if present
    ]
    # After an injury to the spine the cord injury's own pathway covers it.
    if not intake.acute or not context or intake.yes("spinal_trauma"):
        return None
    if not signs and intake.choice("sensory_level") != "yes":
        return None
    return {"findings": _and(signs + context)}


def _possible_recent_injury(intake: _Answers) -> dict[str, str] | None:
    """An injury, operation or cast in the history, a new foot drop, and the 72 hours not asked."""
    history = [QUESTIONS[name].words for name in INJURY_HISTORY if intake.yes(name)]
    if not history or intake.onset in ("gradual", "lifelong") or intake.yes("recent_leg_injury"):
        return None
    if intake.no("recent_leg_injury"):
        return None
    return {"history": _and(history)}


def _onset_not_recorded(intake: _Answers) -> dict[str, str] | None:
    return {} if intake.onset is None else None


def _onset_unknown(intake: _Answers) -> dict[str, str] | None:
    return {} if intake.onset == "unknown" else None


def _onset_over_days(intake: _Answers) -> dict[str, str] | None:
    if intake.onset != "days":
        return None
    if intake.maybe_both_legs:
        legs = "both legs may be affected" if intake.side is None else "both legs are affected"
        return {"legs": f"; {legs}, so early Guillain-Barré syndrome or spinal cord compression must be ruled out"}
    return {"legs": ""}


def _worsening(intake: _Answers) -> dict[str, str] | None:
    return {} if intake.course == "worsening" else None


def _motor_neuron_pattern(intake: _Answers) -> dict[str, str] | None:
    """Weakness without sensory loss, with mixed brisk and lost reflexes or with twitching and wasting."""
    if not intake.any_weak() or intake.choice("sensory_loss") not in ("none", None):
        return None
    reflexes = {intake.choice("ankle_reflex"), intake.choice("knee_reflex")}
    mixed = "brisk" in reflexes and bool(reflexes & {"reduced", "absent"})
    twitching = intake.choice("fasciculations") == "yes"
    if not (mixed or twitching):
        return None
    return {"signs": "twitching or wasting" if twitching else "both brisk and reduced reflexes"}


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def _and(items: list[str]) -> str:
    """An English list: "a", "a and b", "a, b and c"."""
    return " and ".join(filter(None, [", ".join(items[:-1]), items[-1]]))


RED_FLAG_RULES = tuple(
    Rule(
        f"red_flag_{name}",
        "emergency",
        f"{question.words} was reported: suspect {RED_FLAG_PATHWAYS[name].suspect}.",
        _red_flag(name),
        (RED_FLAG_PATHWAYS[name],),
    )
    for name, question in RED_FLAG_QUESTIONS.items()
)
EMERGENCY_RULES = (
    # First: when a recent injury may explain a sudden onset, its step comes before the stroke's.
    Rule(
        "possible_recent_leg_injury",
        "emergency",
        "A new foot drop with {history} in the history, and nobody recorded whether it was in the last "
        "72 hours: treat it as a recent injury or operation until that is ruled out.",
        _possible_recent_injury,
        (LEG_INJURY_PATHWAY,),
    ),
    Rule(
        "sudden_onset_stroke",
        "emergency",
        "Onset was sudden (minutes to hours) with no recent injury, operation or cast to explain it: "
        "treat as a stroke until proven otherwise.",
        _unexplained_sudden_onset,
        (STROKE_PATHWAY,),
    ),
    Rule(
        "sudden_onset_after_injury",
        "emergency",
        "Onset was sudden right after {injury}: that injury's emergency comes first; "
        "the stroke pathway is added only with stroke signs.",
        _sudden_onset_after_injury,
    ),
    *RED_FLAG_RULES,
    Rule(
        "guillain_barre_pattern",
        "emergency",
        "Both legs are affected, coming on over hours to days or getting worse, and {reflexes}: "
        "suspect Guillain-Barré syndrome whatever the red-flag boxes say.",
        _guillain_barre_pattern,
        (GUILLAIN_BARRE_PATHWAY,),
    ),
    Rule(
        "spinal_cord_pattern",
        "emergency",
        "{findings}, coming on over hours to days or getting worse: suspect spinal cord compression or "
        "myelitis whatever the red-flag boxes say.",
        _cord_pattern,
        (CORD_PATHWAY,),
    ),
)
URGENT_RULES = (
    Rule(
        "onset_not_recorded",
        "urgent",
        "Onset was not recorded: a recent onset cannot be ruled out, so this is at least urgent "
        "(seen within 24 hours).",
        _onset_not_recorded,
    ),
    Rule(
        "onset_unknown",
        "urgent",
        "Onset is unknown: a recent onset cannot be ruled out, so this is at least urgent (seen within 24 hours).",
        _onset_unknown,
    ),
    Rule(
        "onset_over_days",
        "urgent",
        "A new foot drop that came on over days is at least urgent (seen within 24 hours){legs}.",
        _onset_over_days,
    ),
    Rule(
        "worsening",
        "urgent",
        "The course is worsening: progressive weakness is at least urgent (seen within 24 hours).",
        _worsening,
    ),
    Rule(
        "motor_neuron_pattern",
        "urgent",
        "Weakness without sensory loss and with {signs} suggests motor neuron disease: "
        "refer urgently to neurology (seen within 24 hours).",
        _motor_neuron_pattern,
    ),
)


# --- The assessment. ---


def assess(answers: Mapping[str, Any], now: datetime.datetime | None = None) -> Assessment:
    """Triage one intake: emergency rules first, then urgent ones, then the level; see RULES."""
    intake = _Answers(answers)
    level, level_fired = _localise(intake)
    fired = [rule_fired for rule in EMERGENCY_RULES + URGENT_RULES if (rule_fired := rule.fire(intake))]
    emergency = [item for item in fired if RULES[item.rule] == "emergency"]
    # An emergency's imaging is the pathway's own; "urgent imaging within 24 hours" would contradict it.
    fired += [item for item in _level_urgency(intake, level) if not (emergency and item.rule in IMAGING_RULES)]
    if emergency:
        disposition = "emergency"
    elif any(RULES[item.rule] == "urgent" for item in fired):
        disposition = "urgent"
    else:
        disposition = "routine"
    fired += level_fired
    fired += _information(intake, disposition, level, emergency, now)
    referrals = _referrals(intake, emergency)
    rules_fired = [item.rule for item in fired]
    if referrals and referrals[0].rule == "one_first_action":
        rules_fired.append("one_first_action")
    return Assessment(disposition, level, tuple(item.reason for item in fired), referrals, tuple(rules_fired))


def _level_urgency(intake: _Answers, level: str) -> list[Fired]:
    """The urgency column of the facts table for the assessed level, and rule 7's exception."""
    signs = intake.upper_motor_neuron_signs()
    known = [QUESTIONS[name].words for name in KNOWN_CENTRAL_CAUSES if intake.yes(name)]
    if level in ("central", "spinal_cord") and intake.onset != "sudden":
        if known and intake.long_standing_and_stable and intake.choice("sensory_level") != "yes":
            what = f"({_and(signs)})" if signs else "with no peripheral pattern on examination"
            return [
                Fired(
                    "known_cause_explains_old_findings",
                    _sentence(
                        f"Long-standing, stable foot drop in someone with {_and(known)} {what}: the known "
                        "condition explains it; routine follow-up with their team. New or worsening signs would not be "
                        "explained and need urgent review."
                    ),
                )
            ]
        return [
            Fired(
                "central_level_urgent",
                f"The level is {LEVEL_WORDS[level]} and onset was not sudden: arrange urgent imaging "
                "(seen within 24 hours) for a tumour, a multiple sclerosis relapse or cord compression.",
            )
        ]
    fired = []
    if level in ("sciatic", "plexus"):
        fired.append(
            Fired(
                "sciatic_or_plexus_level_urgent",
                f"The level is {LEVEL_WORDS[level]}: its causes need investigation and treatment within 24 hours.",
            )
        )
    if level in ROOT_OR_NERVE_LEVELS and intake.onset != "lifelong":
        grade = intake.mrc("dorsiflexion_mrc")
        if grade is not None and grade <= 3:
            fired.append(
                Fired(
                    "severe_weakness_urgent",
                    f"Foot lifting is severely weak (MRC {grade}) from a root or nerve lesion: at least urgent "
                    "(seen within 24 hours), for earlier treatment gives better recovery.",
                )
            )
    return fired


def _information(
    intake: _Answers, disposition: str, level: str, emergency: list[Fired], now: datetime.datetime | None
) -> list[Fired]:
    """Rules that change no disposition: the clock, the scan, red flags not asked, too little to rank."""
    fired = []
    if any(STROKE_PATHWAY in item.pathways for item in emergency):
        fired.append(Fired("last_known_well", stroke_clock(intake.when("last_known_well"), now)))
    if any(pathway.scan for item in emergency for pathway in item.pathways):
        whole = _whole_spine_reasons(intake)
        if whole:
            fired.append(
                Fired("whole_spine_scan", _sentence(f"{_and(whole)}: scan the whole spine, not only the lumbar spine."))
            )
        else:
            fired.append(
                Fired(
                    "lumbar_spine_scan",
                    "No upper motor neuron sign and no sensory level: an emergency MRI of the lumbar spine.",
                )
            )
    not_asked = [name for name in RED_FLAGS if not intake.yes(name) and not intake.no(name)]
    if not_asked:
        fired.append(
            Fired(
                "red_flags_not_asked",
                f"{len(not_asked)} of the {len(RED_FLAGS)} red flags were not asked, so they are not ruled out: "
                "ask about them now.",
            )
        )
    if disposition == "routine":
        routine = (
            "Nothing answered makes this urgent: a routine clinic appointment, once the red flags not asked are "
            "ruled out."
            if not_asked
            else "No red flag and no urgent feature: a routine clinic appointment is appropriate."
        )
        fired.append(Fired("routine", routine))
    if level == "unknown" and not emergency and not any(intake.yes(name) for name in RED_FLAGS + HISTORY):
        fired.append(
            Fired(
                "too_little_information",
                "Too little information to rank the causes: examine, and ask the red-flag and history questions.",
            )
        )
    return fired


def _whole_spine_reasons(intake: _Answers) -> list[str]:
    reasons = intake.upper_motor_neuron_signs()
    if intake.choice("sensory_level") == "yes":
        reasons.append("a sensory level on the trunk")
    reasons += [
        QUESTIONS[name].words for name in ("cancer_back_pain", "fever_back_pain", "spinal_trauma") if intake.yes(name)
    ]
    return reasons


def stroke_clock(last_known_well: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """The hours since the person was last known to be well, against the stroke treatment windows."""
    if last_known_well is None:
        return (
            "Ask when the person was last known to be well and record the clock time: thrombolysis is possible up to "
            "4.5 hours and thrombectomy up to 24 hours after it. Do not wait for it: call 999 now."
        )
    now = now or datetime.datetime.now(datetime.UTC)
    hours = max((now - last_known_well).total_seconds() / 3600, 0)
    windows = [name for name, limit in STROKE_WINDOWS_HOURS.items() if hours <= limit]
    if len(windows) == 2:
        within = "within the windows for thrombolysis (4.5 hours) and thrombectomy (24 hours)"
    elif windows:
        within = "within the window for thrombectomy (up to 24 hours, selected patients)"
    else:
        within = "the stroke team still decides on treatment: never assume it is too late"
    return f"Last known well {hours:.1f} hours ago: {within}. Call 999 now."


def _referrals(intake: _Answers, emergency: list[Fired]) -> tuple[Referral, ...]:
    """The ordered steps: one first action, then each pathway once, in the order the rules fired."""
    steps: dict[str, Referral] = {}
    whole_spine = bool(_whole_spine_reasons(intake))
    for item in emergency:
        for pathway in item.pathways:
            if pathway.suspect in steps:
                continue
            scan = WHOLE_SPINE_MRI if pathway.scan and whole_spine else pathway.scan
            steps[pathway.suspect] = Referral(
                pathway.suspect, pathway.destination, pathway.timeframe, scan, item.rule, pathway.place
            )
    if len(steps) <= 1:
        return tuple(steps.values())
    suspects = "; ".join(f"suspected {suspect}" for suspect in steps)
    first = Referral(
        "; ".join(steps),
        CALL_999,
        f"Now: tell them: {suspects}",
        "",
        "one_first_action",
        EMERGENCY_DEPARTMENT_BY_AMBULANCE,
    )
    return (first, *steps.values())


# --- Localisation. ---

Finding = tuple[str, str, str]  # (rule, level, reason)


def _localise(intake: _Answers) -> tuple[str, list[Fired]]:
    """The likely level and the findings for it.

    The examination decides first. Red flags and history only suggest a level when the
    examination localises nothing, and when nothing points anywhere the level is "unknown".
    """
    findings = _central_findings(intake)
    limb = _both_legs_pattern(intake) or _limb_pattern(intake)
    if limb:
        findings.append(limb)
    if not findings and intake.yes("known_parkinsons"):
        findings.append(
            (
                "parkinsons_central",
                "central",
                "Known Parkinson's disease and no peripheral pattern on examination: the foot drop is likely part "
                "of the Parkinson's gait (central).",
            )
        )
    if not findings:
        findings = _clue_findings(intake)
    if not findings:
        return "unknown", [Fired("level_unknown", _unknown_reason(intake))]
    return _resolve(findings, intake.side == "both")


def _resolve(findings: list[Finding], both_legs: bool) -> tuple[str, list[Fired]]:
    """Keep the most proximal, most dangerous level, and say so when findings disagree."""
    levels = sorted({level for _rule, level, _reason in findings}, key=LEVEL_PRECEDENCE.index)
    if both_legs and levels[0] == "plexus":
        # Rule 9: both legs is never one plexus; the roots are the nearest level that fits.
        levels = sorted({*levels[1:], "nerve_root"}, key=LEVEL_PRECEDENCE.index)
    fired = [Fired(rule, reason) for rule, _level, reason in findings]
    if len(levels) > 1:
        named = _and([LEVEL_WORDS[level] for level in levels])
        fired.append(
            Fired(
                "level_conflict",
                f"Findings point to more than one level ({named}): the more proximal and dangerous one, "
                f"{LEVEL_WORDS[levels[0]]}, is kept.",
            )
        )
    return levels[0], fired


def _central_findings(intake: _Answers) -> list[Finding]:
    """Upper motor neuron signs, a sensory level, stroke signs and spinal injury: brain or spinal cord."""
    findings = []
    signs = intake.upper_motor_neuron_signs()
    if signs:
        findings.append(_upper_motor_neuron_finding(intake, _and(signs)))
    elif _motor_neuron_pattern(intake):
        findings.append(
            (
                "level_anterior_horn",
                "spinal_cord",
                "Weakness with twitching or wasting and no sensory loss: the "
                "anterior horn cells of the spinal cord are the likely level.",
            )
        )
    if intake.choice("sensory_level") == "yes":
        findings.append(
            ("level_sensory_level", "spinal_cord", "A sensory level on the trunk points to the spinal cord.")
        )
    if intake.yes("stroke_signs"):
        findings.append(("level_stroke_signs", "central", "Face, arm or speech signs point to the brain."))
    if intake.yes("spinal_trauma"):
        findings.append(("level_spinal_trauma", "spinal_cord", "The spinal injury points to the spinal cord."))
    return findings


def _upper_motor_neuron_finding(intake: _Answers, signs: str) -> Finding:
    if _motor_neuron_pattern(intake):
        return (
            "level_anterior_horn",
            "spinal_cord",
            _sentence(
                f"{signs}, with a reduced or absent reflex or twitching, and no sensory loss: "
                "the anterior horn cells of the spinal cord are the likely level."
            ),
        )
    context = [QUESTIONS[name].words for name in CORD_CLUES if intake.yes(name)]
    if intake.side == "both":
        context.append("both legs affected")
    # Stroke signs and new headaches or seizures keep the level central: it then covers the brain.
    if context and not (intake.yes("stroke_signs") or intake.yes("headache_or_seizure")):
        return (
            "level_spinal_cord",
            "spinal_cord",
            _sentence(f"{signs}, with {_and(context)}: the spinal cord is the likely level."),
        )
    return (
        "level_central",
        "central",
        _sentence(f"{signs}: upper motor neuron signs point to the brain or spinal cord."),
    )


def _both_legs_pattern(intake: _Answers) -> Finding | None:
    """Symmetrical patterns of both legs: never one plexus (rule 9)."""
    if intake.side != "both":
        return None
    ankle = intake.choice("ankle_reflex")
    sensory = intake.choice("sensory_loss")
    if intake.yes("saddle_numbness") or intake.yes("bladder_bowel"):
        return (
            "level_both_legs_cauda_equina",
            "nerve_root",
            (
                "Both legs are affected with saddle numbness or sphincter trouble: the nerve roots of the cauda "
                "equina, not one plexus."
            ),
        )
    lost = intake.reflexes_lost()
    if lost and (intake.yes("ascending_weakness") or _guillain_barre_pattern(intake)):
        return (
            "level_both_legs_guillain_barre",
            "polyneuropathy",
            _sentence(
                f"Both legs are affected, {_and(lost)} and the weakness is spreading: the nerve roots and nerves "
                "(Guillain-Barré syndrome), not one plexus."
            ),
        )
    if sensory == "stocking" and ankle in ("reduced", "absent"):
        return (
            "level_polyneuropathy",
            "polyneuropathy",
            (
                f"Both legs are affected, with stocking sensory loss and the ankle reflex {ankle}: "
                "this is the pattern of a polyneuropathy."
            ),
        )
    if sensory == "none" and ankle != "absent" and intake.any_weak() and not intake.upper_motor_neuron_signs():
        return (
            "level_muscle",
            "muscle",
            (
                "Both legs are weak with no sensory loss, no upper motor neuron sign and the ankle reflex not lost: "
                "this suggests a disease of the muscles."
            ),
        )
    if intake.weak("hip_abduction_mrc") or intake.weak("knee_flexion_mrc"):
        return (
            "level_both_legs_roots",
            "nerve_root",
            ("Both legs are weak above the ankle: several nerve roots (or the cord), not one plexus."),
        )
    return None


def _limb_pattern(intake: _Answers) -> Finding | None:
    """The bedside table for one leg: hip abduction, knee flexion, inversion, then plantarflexion."""
    if intake.weak("hip_abduction_mrc"):
        wider = [intake.weakness("knee_flexion_mrc")] if intake.weak("knee_flexion_mrc") else []
        if intake.choice("knee_reflex") in ("reduced", "absent"):
            wider.append(f"the knee reflex is {intake.choice('knee_reflex')}")
        if wider:
            return (
                "level_plexus",
                "plexus",
                _sentence(
                    f"{intake.weakness('hip_abduction_mrc')} and {_and(wider)}: weakness beyond "
                    "the L5 root's territory points to the lumbosacral plexus."
                ),
            )
        return (
            "level_l5_root",
            "nerve_root",
            _sentence(
                f"{intake.weakness('hip_abduction_mrc')}: this points to the L5 nerve root rather than "
                "the peroneal or sciatic nerve."
            ),
        )
    if intake.weak("knee_flexion_mrc"):
        # Untested hip abduction still reads as sciatic (urgent), never as the routine L5 root.
        hip = "normal" if intake.normal("hip_abduction_mrc") else "not tested"
        return (
            "level_sciatic",
            "sciatic",
            _sentence(
                f"{intake.weakness('knee_flexion_mrc')} and hip abduction is {hip}: this points to the sciatic nerve."
            ),
        )
    if intake.weak("inversion_mrc"):
        return (
            "level_l5_root",
            "nerve_root",
            _sentence(
                f"{intake.weakness('inversion_mrc')}: this points to the L5 nerve root rather than the peroneal nerve."
            ),
        )
    if intake.weak("plantarflexion_mrc") and (intake.weak("dorsiflexion_mrc") or intake.weak("eversion_mrc")):
        return (
            "level_sciatic",
            "sciatic",
            _sentence(
                f"{intake.weakness('plantarflexion_mrc')} as well as foot lifting: weakness in both the peroneal "
                "and the tibial territories points to the sciatic nerve."
            ),
        )
    return _peroneal_pattern(intake)


def _peroneal_pattern(intake: _Answers) -> Finding | None:
    """Weak foot lifting with inversion and hip abduction spared, or a clue at the fibular head."""
    weak = [intake.weakness(name) for name in ("dorsiflexion_mrc", "eversion_mrc") if intake.weak(name)]
    if not weak:
        return None
    clues = []
    if intake.choice("fibular_tinel") == "yes":
        clues.append("a Tinel sign at the fibular head")
    if intake.choice("sensory_loss") in ("dorsum_foot", "first_web_space"):
        clues.append(f"numbness of {SENSORY_WORDS[intake.choice('sensory_loss')]}")
    spared = intake.normal("inversion_mrc") and intake.normal("hip_abduction_mrc")
    if not (spared or clues):
        return None
    basis = "inversion and hip abduction are normal" if spared else "inversion or hip abduction was not tested"
    support = f", supported by {_and(clues)}" if clues else ""
    return (
        "level_peroneal",
        "peroneal",
        _sentence(
            f"{_and(weak)} while {basis}{support}: this points to the common peroneal nerve at the fibular head."
        ),
    )


def _clue_findings(intake: _Answers) -> list[Finding]:
    return [
        (
            f"level_clue_{name}",
            level,
            f"No localising examination finding was recorded; {QUESTIONS[name].words} points to "
            f"{LEVEL_WORDS[level]} (examine to confirm).",
        )
        for name, level in CLUE_LEVELS.items()
        if intake.yes(name)
    ]


def _unknown_reason(intake: _Answers) -> str:
    if intake.weak("dorsiflexion_mrc") or intake.weak("eversion_mrc"):
        return (
            "Foot lifting is weak but inversion and hip abduction were not both tested: test them to tell "
            "the L5 root from the peroneal nerve; the level is unknown for now."
        )
    if any(intake.mrc(name) is not None for name in MUSCLES):
        return "The examination found no weakness or sign that points to a level: the level is unknown."
    return (
        "Nothing recorded points to a level: examine dorsiflexion, inversion, hip abduction, knee flexion "
        "and the reflexes; the level is unknown for now."
    )


# The localisation's findings: each names a level and demands no disposition on its own.
LEVEL_RULES = (
    "level_central",
    "level_spinal_cord",
    "level_anterior_horn",
    "level_sensory_level",
    "level_stroke_signs",
    "level_spinal_trauma",
    "level_both_legs_cauda_equina",
    "level_both_legs_guillain_barre",
    "level_both_legs_roots",
    "level_polyneuropathy",
    "level_muscle",
    "level_plexus",
    "level_l5_root",
    "level_sciatic",
    "level_peroneal",
    "parkinsons_central",
    *(f"level_clue_{name}" for name in CLUE_LEVELS),
    "level_unknown",
    "level_conflict",
)
# Every rule by name, with the least disposition it demands ("routine": nothing on its own).
RULES: dict[str, str] = {
    **{rule.name: rule.disposition for rule in EMERGENCY_RULES + URGENT_RULES},
    **dict.fromkeys(("central_level_urgent", "sciatic_or_plexus_level_urgent", "severe_weakness_urgent"), "urgent"),
    **dict.fromkeys(
        (
            *LEVEL_RULES,
            "known_cause_explains_old_findings",
            "one_first_action",
            "last_known_well",
            "whole_spine_scan",
            "lumbar_spine_scan",
            "red_flags_not_asked",
            "routine",
            "too_little_information",
        ),
        "routine",
    ),
}


def rank_causes(answers: Mapping[str, Any], assessment: Assessment, causes: Iterable[Any], limit: int = 5) -> list[Any]:
    """The causes that fit best, most likely first; ties go to the commoner cause. Display only.

    A cause counts only when its level or one of its clues matches (onset and side alone say too
    little), and an emergency-only cause only when an answer names it.
    """
    intake = _Answers(answers)
    if "too_little_information" in assessment.rules_fired:
        return []
    pointed = {slug for referral in assessment.referrals for slug in _pathway_causes(referral.suspect)}
    scored = []
    for cause in causes:
        clues = [code for code in cause.risk_factors or () if intake.yes(code)]
        level_match = cause.level in CAUSE_LEVELS.get(assessment.level, {assessment.level})
        on_pathway = cause.slug in pointed
        if not (clues or level_match or on_pathway):
            continue
        # An emergency-only cause needs an answer that names it: a red flag, its own pathway, or the
        # diagnosis itself (a previous stroke); a history clue it shares with common causes is not enough.
        named = on_pathway or any(code in RED_FLAGS or code in KNOWN_CENTRAL_CAUSES for code in clues)
        if getattr(cause, "urgency", "") == "emergency" and not named:
            continue
        score = _score(intake, level_match, clues, cause) + (SCORE_WEIGHTS["pathway"] if on_pathway else 0)
        scored.append((score, cause))
    scored.sort(key=lambda pair: (-pair[0], _prevalence_rank(pair[1]), pair[1].name))
    return [cause for _score_value, cause in scored[: max(limit, 0)]]


def _pathway_causes(suspect: str) -> tuple[str, ...]:
    pathways = (*RED_FLAG_PATHWAYS.values(), CORD_PATHWAY)
    return next((pathway.causes for pathway in pathways if pathway.suspect == suspect), ())


def _prevalence_rank(cause: Any) -> int:
    prevalence = getattr(cause, "prevalence", "uncommon")
    return PREVALENCE_ORDER.index(prevalence) if prevalence in PREVALENCE_ORDER else 1


def _score(intake: _Answers, level_match: bool, clues: list[str], cause: Any) -> int:
    score = SCORE_WEIGHTS["level"] if level_match else 0
    score += sum(SCORE_WEIGHTS["red_flag_risk_factor" if code in RED_FLAGS else "risk_factor"] for code in clues)
    if intake.onset is not None and intake.onset == cause.onset:
        score += SCORE_WEIGHTS["onset"]
    side = SIDE_GROUPS.get(intake.side or "")
    if side and cause.usual_side == side:
        score += SCORE_WEIGHTS["side"]
    elif side and cause.usual_side == "either":
        score += SCORE_WEIGHTS["side_either"]
    return score
