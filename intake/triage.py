"""The triage engine: from intake answers to a disposition, a lesion level and referrals.

A pure function of the answers (standard library only: no Django, no database, no I/O),
so that it can be tested exhaustively. The rules come from the red-flag table and the
bedside localisation table in the shared clinical facts.

Safety design, which the tests prove over every combination of red flags and onsets:
- a missing answer, None, "" or "not_tested" all mean "not asked", and every rule is written
  so that not asking can only keep or raise the disposition a normal answer would give;
- emergencies depend only on the onset and the red flags, so nothing in the history or
  the examination can lower one;
- the level and the cause ranking are for display; only the level's urgency column
  (central, spinal cord, sciatic, plexus) can raise a disposition, never lower it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

# Every weight of the cause ranking (display only: it never changes the disposition).
SCORE_WEIGHTS = {
    "level": 6,  # the cause sits at the assessed level
    "red_flag_risk_factor": 8,  # a ticked red flag names its cause better than any examination
    "risk_factor": 3,  # each ticked history clue the cause lists
    "onset": 2,  # the answered onset is the cause's usual onset
    "side": 2,  # one leg or both legs, as the cause usually is
    "side_either": 1,  # the cause can affect one or both legs: a weaker match
}


class Pathway(NamedTuple):
    """Where an emergency is sent, and how fast: one row of the red-flag table."""

    suspect: str
    destination: str
    timeframe: str


STROKE_PATHWAY = Pathway(
    "stroke",
    "Call the emergency number for an ambulance to a hyperacute stroke unit",
    "Now: clot-busting treatment is only possible within 4.5 hours of onset",
)
CAUDA_EQUINA_PATHWAY = Pathway(
    "cauda equina syndrome",
    "Emergency department, for the on-call spinal surgical team",
    "Now: emergency MRI of the lumbar spine",
)
GUILLAIN_BARRE_PATHWAY = Pathway(
    "Guillain-Barré syndrome",
    "Emergency department; call an ambulance if breathing or swallowing is affected",
    "Now: the weakness can reach the breathing muscles",
)
COMPARTMENT_PATHWAY = Pathway(
    "anterior compartment syndrome",
    "Emergency department or the on-call orthopaedic surgeon; split or remove any cast or tight dressing",
    "Now: the muscle survives only about 4 to 6 hours of raised pressure",
)
SPINAL_INJURY_PATHWAY = Pathway(
    "spinal cord injury",
    "Call the emergency number for an ambulance to the emergency department, with the spine kept still",
    "Now",
)
SPINAL_ABSCESS_PATHWAY = Pathway("a spinal abscess", "Emergency department", "Now: MRI of the spine the same day")
SPINAL_METASTASIS_PATHWAY = Pathway(
    "metastatic spinal cord compression",
    "Acute oncology team or the metastatic spinal cord compression coordinator",
    "Now: whole-spine MRI within 24 hours, at once when the leg is weak",
)

# The red-flag table, in the form's order. Flags that share a pathway share one referral.
RED_FLAG_PATHWAYS = {
    "stroke_signs": STROKE_PATHWAY,
    "bladder_bowel": CAUDA_EQUINA_PATHWAY,
    "saddle_numbness": CAUDA_EQUINA_PATHWAY,
    "ascending_weakness": GUILLAIN_BARRE_PATHWAY,
    "compartment_signs": COMPARTMENT_PATHWAY,
    "spinal_trauma": SPINAL_INJURY_PATHWAY,
    "fever_back_pain": SPINAL_ABSCESS_PATHWAY,
    "cancer_back_pain": SPINAL_METASTASIS_PATHWAY,
}
# How reasons name the yes/no answers, in words a clinician reads.
FIELD_WORDS = {
    "stroke_signs": "face, arm or speech trouble, or sudden loss of balance or vision,",
    "bladder_bowel": "new bladder or bowel trouble",
    "saddle_numbness": "saddle numbness",
    "ascending_weakness": "weakness spreading up both legs, or trouble breathing or swallowing,",
    "compartment_signs": "severe pain with tense swelling after a fracture, crush or cast",
    "spinal_trauma": "an injury to the spine",
    "fever_back_pain": "fever with back pain",
    "cancer_back_pain": "known cancer with new back pain",
    "back_pain_radiating": "back pain radiating down the leg",
    "knee_surgery_or_injury": "knee surgery or injury",
    "hip_surgery_or_injection": "hip surgery or a buttock injection",
    "leg_crossing_or_squatting": "habitual leg crossing or squatting",
    "cast_or_tight_brace": "a cast or tight brace",
    "known_ms": "known multiple sclerosis",
}
SUDDEN_ONSET_REASON = "Onset was sudden (minutes to hours): treat as a stroke until proven otherwise."

RED_FLAGS = tuple(RED_FLAG_PATHWAYS)
HISTORY = (
    "back_pain_radiating",
    "knee_surgery_or_injury",
    "hip_surgery_or_injection",
    "leg_crossing_or_squatting",
    "recent_weight_loss",
    "cast_or_tight_brace",
    "diabetes",
    "known_ms",
    "known_parkinsons",
    "previous_stroke",
    "family_history",
    "high_arches",
)
DISPOSITIONS = ("emergency", "urgent", "routine")
LEVELS = (
    "central",
    "spinal_cord",
    "nerve_root",
    "plexus",
    "sciatic",
    "peroneal",
    "polyneuropathy",
    "muscle",
    "unknown",
)

# When findings point to different levels the first in this order wins: the more proximal
# and dangerous explanation is the one that must not be missed.
LEVEL_PRECEDENCE = ("central", "spinal_cord", "plexus", "nerve_root", "sciatic", "polyneuropathy", "muscle", "peroneal")
LEVEL_WORDS = {
    "central": "the brain or spinal cord",
    "spinal_cord": "the spinal cord",
    "nerve_root": "the L5 nerve root",
    "plexus": "the lumbosacral plexus",
    "sciatic": "the sciatic nerve",
    "peroneal": "the peroneal nerve",
    "polyneuropathy": "a polyneuropathy",
    "muscle": "the muscles",
}

# Red flags and history that suggest a level, used only when the examination localises nothing.
# Parkinson's disease, previous stroke, diabetes, weight loss and family history are left out:
# they do not say where a new foot drop comes from, and only feed the cause ranking.
CLUE_LEVELS = {
    **dict.fromkeys(("fever_back_pain", "cancer_back_pain"), "spinal_cord"),
    **dict.fromkeys(("bladder_bowel", "saddle_numbness", "back_pain_radiating"), "nerve_root"),
    "ascending_weakness": "polyneuropathy",
    "compartment_signs": "muscle",
    "hip_surgery_or_injection": "sciatic",
    **dict.fromkeys(("knee_surgery_or_injury", "leg_crossing_or_squatting", "cast_or_tight_brace"), "peroneal"),
    "known_ms": "central",
}
# With upper motor neuron signs, these make the spinal cord (not the brain) the likely level.
CORD_CLUES = ("spinal_trauma", "bladder_bowel", "saddle_numbness", "fever_back_pain", "cancer_back_pain")

MUSCLES = (
    "dorsiflexion_mrc",
    "eversion_mrc",
    "inversion_mrc",
    "hip_abduction_mrc",
    "knee_flexion_mrc",
    "plantarflexion_mrc",
)
CHOICES = {
    "side": ("left", "right", "both"),
    "onset": ("sudden", "days", "gradual", "lifelong", "unknown"),
    "course": ("improving", "stable", "worsening"),
    "ankle_reflex": ("normal", "reduced", "absent", "brisk"),
    "knee_reflex": ("normal", "reduced", "absent", "brisk"),
    "babinski": ("present", "absent"),
    "sensory_loss": ("none", "first_web_space", "dorsum_foot", "lateral_calf_and_dorsum", "sole", "stocking"),
    "fibular_tinel": ("yes", "no"),
}
SENSORY_WORDS = {"dorsum_foot": "the top of the foot", "first_web_space": "the first web space"}
# Only explicit "no" words read as no; any other truthy value reads as yes, so a red flag
# sent in an unexpected form still fires.
NO_WORDS = frozenset({"false", "no", "off", "0", "none", "not_tested"})

# Which encyclopedia levels each assessed level stands for.
CAUSE_LEVELS = {"central": {"brain", "spinal_cord"}}
SIDE_GROUPS = {"left": "one", "right": "one", "both": "both"}

Finding = tuple[str, str]  # (level, reason)


@dataclass(frozen=True)
class Referral:
    """Where to send an emergency; trigger names the field(s) that fired it, joined by ", "."""

    trigger: str
    suspect: str
    destination: str
    timeframe: str

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(self.trigger.split(", "))


@dataclass(frozen=True)
class Assessment:
    """The stored triage result: what to do, where the lesion is likely to be, and why."""

    disposition: str
    level: str
    reasons: tuple[str, ...]
    referrals: tuple[Referral, ...]

    @property
    def is_emergency(self) -> bool:
        return self.disposition == "emergency"


class _Answers:
    """The answers as the rules read them: every form of "not asked" becomes None."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = answers

    def yes(self, field: str) -> bool:
        value = self._answers.get(field)
        return bool(value) and str(value).strip().lower() not in NO_WORDS

    def choice(self, field: str) -> str | None:
        value = self._answers.get(field)
        return value if value in CHOICES[field] else None

    def mrc(self, field: str) -> int | None:
        value = self._answers.get(field)
        if isinstance(value, bool) or not isinstance(value, int | str):
            return None
        grade = int(value) if str(value).strip().isdecimal() else None
        return grade if grade is not None and 0 <= grade <= 5 else None

    def weak(self, field: str) -> bool:
        grade = self.mrc(field)
        return grade is not None and grade < 5

    def normal(self, field: str) -> bool:
        return self.mrc(field) == 5

    def weakness(self, field: str) -> str:
        return f"{field.removesuffix('_mrc').replace('_', ' ')} is weak (MRC {self.mrc(field)})"

    @property
    def side(self) -> str | None:
        return self.choice("side")

    @property
    def onset(self) -> str | None:
        return self.choice("onset")


def assess(answers: Mapping[str, Any]) -> Assessment:
    """Triage one intake: emergency red flags first, then urgent features, then the level."""
    intake = _Answers(answers)
    level, level_reasons = _localise(intake)
    triggers = _emergency_triggers(intake)
    urgent_reasons = _urgent_reasons(intake, level)
    if triggers:
        disposition = "emergency"
    elif urgent_reasons:
        disposition = "urgent"
    else:
        disposition = "routine"
    reasons = [trigger.reason for trigger in triggers] + urgent_reasons + level_reasons
    if disposition == "routine":
        reasons.append("No red flag or urgent feature was found: a routine clinic appointment is appropriate.")
    return Assessment(disposition, level, tuple(reasons), _referrals(triggers))


class _Trigger(NamedTuple):
    """An emergency answer: the field that fired, the reason shown, the pathway it opens."""

    field: str
    reason: str
    pathway: Pathway


def _emergency_triggers(intake: _Answers) -> list[_Trigger]:
    """Sudden onset and each red flag that is ticked, in the form's order."""
    triggers = []
    if intake.onset == "sudden":
        triggers.append(_Trigger("onset", SUDDEN_ONSET_REASON, STROKE_PATHWAY))
    for field, pathway in RED_FLAG_PATHWAYS.items():
        if intake.yes(field):
            reason = _sentence(f"{FIELD_WORDS[field]} was reported: suspect {pathway.suspect}.")
            triggers.append(_Trigger(field, reason, pathway))
    return triggers


def _referrals(triggers: list[_Trigger]) -> tuple[Referral, ...]:
    """One referral per pathway, naming every trigger that opened it, in the form's order."""
    fields_by_pathway: dict[Pathway, list[str]] = {}
    for trigger in triggers:
        fields_by_pathway.setdefault(trigger.pathway, []).append(trigger.field)
    return tuple(Referral(", ".join(fields), *pathway) for pathway, fields in fields_by_pathway.items())


def _urgent_reasons(intake: _Answers, level: str) -> list[str]:
    """The urgency column of the facts table: features that need a specialist within days."""
    onset = intake.onset
    reasons = []
    if onset is None:
        reasons.append("Onset was not recorded: a recent onset cannot be ruled out, so this is at least urgent.")
    elif onset == "unknown":
        reasons.append("Onset is unknown: a recent onset cannot be ruled out, so this is at least urgent.")
    if intake.choice("course") == "worsening":
        reasons.append("The course is worsening: progressive weakness needs specialist assessment within days.")
    if level in ("central", "spinal_cord") and onset != "sudden":
        reasons.append(
            f"The level is {LEVEL_WORDS[level]} and onset was not sudden: "
            "arrange urgent imaging for a tumour, a multiple sclerosis relapse or cord compression."
        )
    if level in ("sciatic", "plexus"):
        reasons.append(f"The level is {LEVEL_WORDS[level]}: its causes need urgent investigation and treatment.")
    if onset == "days" and intake.side in ("both", None):
        legs = "Both legs are affected" if intake.side else "The side was not recorded"
        reasons.append(
            f"{legs} and onset was over days: early Guillain-Barré syndrome or spinal cord compression "
            "must be ruled out."
        )
    if _anterior_horn_pattern(intake):
        reasons.append(
            "Weakness without sensory loss and with both brisk and reduced reflexes suggests motor neuron "
            "disease: refer urgently to neurology."
        )
    return reasons


def _localise(intake: _Answers) -> tuple[str, list[str]]:
    """The likely level of the lesion, and the reasons for it.

    The examination decides first. Red flags and history only suggest a level when the
    examination localises nothing, and when nothing points anywhere the level is "unknown".
    """
    findings = _central_findings(intake)
    limb = _both_legs_pattern(intake) or _limb_pattern(intake)
    if limb:
        findings.append(limb)
    if not findings:
        findings = _clue_findings(intake)
    if not findings:
        return "unknown", [_unknown_reason(intake)]
    return _resolve(findings)


def _resolve(findings: list[Finding]) -> tuple[str, list[str]]:
    """Keep the most proximal, most dangerous level, and say so when findings disagree."""
    levels = sorted({level for level, _reason in findings}, key=LEVEL_PRECEDENCE.index)
    reasons = [reason for _level, reason in findings]
    if len(levels) > 1:
        named = _and([LEVEL_WORDS[level] for level in levels])
        reasons.append(
            f"Findings point to more than one level ({named}): the more proximal and dangerous one, "
            f"{LEVEL_WORDS[levels[0]]}, is kept."
        )
    return levels[0], reasons


def _upper_motor_neuron_signs(intake: _Answers) -> list[str]:
    signs = [
        f"the {reflex} reflex is brisk" for reflex in ("ankle", "knee") if intake.choice(f"{reflex}_reflex") == "brisk"
    ]
    if intake.choice("babinski") == "present":
        signs.append("the Babinski sign is present")
    return signs


def _anterior_horn_pattern(intake: _Answers) -> bool:
    """Motor neuron disease: weakness, no sensory loss, one reflex brisk and another reduced or lost."""
    reflexes = {intake.choice("ankle_reflex"), intake.choice("knee_reflex")}
    return (
        any(intake.weak(field) for field in MUSCLES)
        and intake.choice("sensory_loss") == "none"
        and "brisk" in reflexes
        and bool(reflexes & {"reduced", "absent"})
    )


def _central_findings(intake: _Answers) -> list[Finding]:
    """Upper motor neuron signs, stroke signs and spinal injury: brain or spinal cord."""
    findings = []
    signs = _upper_motor_neuron_signs(intake)
    if signs:
        findings.append(_upper_motor_neuron_finding(intake, _and(signs)))
    if intake.yes("stroke_signs"):
        findings.append(("central", "Face, arm or speech signs point to the brain."))
    if intake.yes("spinal_trauma"):
        findings.append(("spinal_cord", "The spinal injury points to the spinal cord."))
    return findings


def _upper_motor_neuron_finding(intake: _Answers, signs: str) -> Finding:
    if _anterior_horn_pattern(intake):
        return "spinal_cord", _sentence(
            f"{signs}, with a reduced or absent reflex and no sensory loss: "
            "the anterior horn cells of the spinal cord are the likely level."
        )
    context = [FIELD_WORDS[field] for field in CORD_CLUES if intake.yes(field)]
    if intake.side == "both":
        context.append("both legs affected")
    # Stroke signs keep the level central: it then covers both the brain and the cord.
    if context and not intake.yes("stroke_signs"):
        return "spinal_cord", _sentence(f"{signs}, with {_and(context)}: the spinal cord is the likely level.")
    return "central", _sentence(f"{signs}: upper motor neuron signs point to the brain or spinal cord.")


def _both_legs_pattern(intake: _Answers) -> Finding | None:
    """Symmetrical patterns that explain both legs better than any single nerve or root."""
    if intake.side != "both":
        return None
    ankle = intake.choice("ankle_reflex")
    sensory = intake.choice("sensory_loss")
    if sensory == "stocking" and ankle in ("reduced", "absent"):
        return "polyneuropathy", (
            f"Both legs are affected, with stocking sensory loss and the ankle reflex {ankle}: "
            "this is the pattern of a polyneuropathy."
        )
    if (
        sensory == "none"
        and ankle != "absent"
        and any(intake.weak(field) for field in MUSCLES)
        and not _upper_motor_neuron_signs(intake)
    ):
        return "muscle", (
            "Both legs are weak with no sensory loss, no upper motor neuron sign and the ankle reflex not lost: "
            "this suggests a disease of the muscles."
        )
    return None


def _limb_pattern(intake: _Answers) -> Finding | None:
    """The bedside table for one leg: hip abduction, knee flexion, inversion, then plantarflexion."""
    if intake.weak("hip_abduction_mrc"):
        wider = [intake.weakness("knee_flexion_mrc")] if intake.weak("knee_flexion_mrc") else []
        if intake.choice("knee_reflex") in ("reduced", "absent"):
            wider.append(f"the knee reflex is {intake.choice('knee_reflex')}")
        if wider:
            return "plexus", _sentence(
                f"{intake.weakness('hip_abduction_mrc')} and {_and(wider)}: weakness beyond "
                "the L5 root's territory points to the lumbosacral plexus."
            )
        return "nerve_root", _sentence(
            f"{intake.weakness('hip_abduction_mrc')}: this points to the L5 nerve root rather than "
            "the peroneal or sciatic nerve."
        )
    if intake.weak("knee_flexion_mrc"):
        # Untested hip abduction still reads as sciatic (urgent), never as the routine L5 root.
        hip = "normal" if intake.normal("hip_abduction_mrc") else "not tested"
        return "sciatic", _sentence(
            f"{intake.weakness('knee_flexion_mrc')} and hip abduction is {hip}: this points to the sciatic nerve."
        )
    if intake.weak("inversion_mrc"):
        return "nerve_root", _sentence(
            f"{intake.weakness('inversion_mrc')}: this points to the L5 nerve root rather than the peroneal nerve."
        )
    if intake.weak("plantarflexion_mrc") and (intake.weak("dorsiflexion_mrc") or intake.weak("eversion_mrc")):
        return "sciatic", _sentence(
            f"{intake.weakness('plantarflexion_mrc')} as well as foot lifting: weakness in both the peroneal "
            "and the tibial territories points to the sciatic nerve."
        )
    return _peroneal_pattern(intake)


def _peroneal_pattern(intake: _Answers) -> Finding | None:
    """Weak foot lifting with inversion and hip abduction spared, or a clue at the fibular head."""
    weak = [intake.weakness(field) for field in ("dorsiflexion_mrc", "eversion_mrc") if intake.weak(field)]
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
    return "peroneal", _sentence(
        f"{_and(weak)} while {basis}{support}: this points to the common peroneal nerve at the fibular head."
    )


def _clue_findings(intake: _Answers) -> list[Finding]:
    return [
        (
            level,
            f"No localising examination finding was recorded; {FIELD_WORDS[field]} points to "
            f"{LEVEL_WORDS[level]} (examine to confirm).",
        )
        for field, level in CLUE_LEVELS.items()
        if intake.yes(field)
    ]


def _unknown_reason(intake: _Answers) -> str:
    if intake.weak("dorsiflexion_mrc") or intake.weak("eversion_mrc"):
        return (
            "Foot lifting is weak but inversion and hip abduction were not both tested: test them to tell "
            "the L5 root from the peroneal nerve; the level is unknown for now."
        )
    if any(intake.mrc(field) is not None for field in MUSCLES):
        return "The examination found no weakness or sign that points to a level: the level is unknown."
    return (
        "Nothing recorded points to a level: examine dorsiflexion, inversion, hip abduction, knee flexion "
        "and the reflexes; the level is unknown for now."
    )


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def _and(items: list[str]) -> str:
    """An English list: "a", "a and b", "a, b and c"."""
    return " and ".join(filter(None, [", ".join(items[:-1]), items[-1]]))


def rank_causes(answers: Mapping[str, Any], assessment: Assessment, causes: Iterable[Any], limit: int = 5) -> list[Any]:
    """The causes that fit best, most likely first, ties broken by name. Display only."""
    intake = _Answers(answers)
    scored = [(_score(intake, assessment.level, cause), cause) for cause in causes]
    scored = [(score, cause) for score, cause in scored if score > 0]
    scored.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [cause for _score_value, cause in scored[: max(limit, 0)]]


def score_cause(answers: Mapping[str, Any], assessment: Assessment, cause: Any) -> int:
    """How well one cause's structured fields fit the answers and the assessed level."""
    return _score(_Answers(answers), assessment.level, cause)


def _score(intake: _Answers, level: str, cause: Any) -> int:
    score = 0
    if cause.level in CAUSE_LEVELS.get(level, {level}):
        score += SCORE_WEIGHTS["level"]
    for code in cause.risk_factors or ():
        if intake.yes(code):
            score += SCORE_WEIGHTS["red_flag_risk_factor" if code in RED_FLAG_PATHWAYS else "risk_factor"]
    if intake.onset is not None and intake.onset == cause.onset:
        score += SCORE_WEIGHTS["onset"]
    side = SIDE_GROUPS.get(intake.side or "")
    if side and cause.usual_side == side:
        score += SCORE_WEIGHTS["side"]
    elif side and cause.usual_side == "either":
        score += SCORE_WEIGHTS["side_either"]
    return score
