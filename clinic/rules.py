"""The triage rules: one table, RULES, each rule a name, the least disposition it demands, a title
clinicians read in the audit, a reason template and a named predicate.

Three stages, run by clinic.engine in this order: the disposition rules (emergencies first, then
the urgent rules, then the urgency of the assessed level), the localisation's findings (the tree
in clinic.localisation finds them; here they get their titles), and the notes that change no
disposition (the clock, the scan, red flags not asked). A predicate reads the Case and returns
the words for its reason when the rule fires, else None. RULES_BY_NAME is derived from RULES.

Safety design, which the tests prove over every combination of red flags and onsets:
- every form of "not asked" reads as None, and every rule is written so that not asking can only
  keep or raise the disposition a normal answer would give;
- a red flag not asked is never read as "no": it is reported as not asked;
- emergencies come from the onset, the red flags and the emergency patterns, whatever the boxes
  say; only a known cause can explain old central signs.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from clinic import pathways as p
from clinic.answers import Answers
from clinic.clock import SETTLED_AFTER_HOURS, STROKE_PATHWAY_HOURS, duration_words, hours_since, last_known_well_fact
from clinic.localisation import (
    CLUE_LEVELS,
    ROOT_OR_NERVE_LEVELS,
    Finding,
    guillain_barre_pattern,
    motor_neuron_pattern,
)
from clinic.vocabulary import (
    CHOICE_LABELS,
    EMERGENCY,
    HISTORY,
    LEVEL_WORDS,
    NEW_ONSETS,
    QUESTIONS,
    RED_FLAG_QUESTIONS,
    RED_FLAGS,
    ROUTINE,
    SEVERITY,
    SUDDEN_ONSETS,
    URGENT,
    and_list,
    sentence,
)

DISPOSITION_STAGE, FINDING_STAGE, NOTE_STAGE = "disposition", "finding", "note"
# Answers that explain a sudden onset: an injury, operation or cast in the last hours or days.
INJURY_FLAGS = ("recent_leg_injury", "compartment_signs", "spinal_trauma")
# History that may be a recent leg injury, operation or cast when its timing was not asked.
INJURY_HISTORY = ("knee_surgery_or_injury", "hip_surgery_or_injection", "cast_or_tight_brace")
# With a spinal procedure in the last 6 weeks, these make a new foot drop an emergency (rule 21).
SPINAL_PROCEDURE_DANGERS = ("back_pain_radiating", "fever_back_pain", "bladder_bowel", "cancer_back_pain")
# A compressive cause of a common peroneal palsy in the history (rule 16).
COMPRESSIVE_CAUSES = ("leg_crossing_or_squatting", "recent_weight_loss", "cast_or_tight_brace", "diabetes")
# Known conditions that can explain long-standing upper motor neuron signs.
KNOWN_CENTRAL_CAUSES = ("previous_stroke", "known_ms", "known_parkinsons")

# The words of a reason; the key "pathways", when given, replaces the rule's own pathways.
Words = dict[str, Any] | None


class Fired(NamedTuple):
    """A rule that fired: its name, its reason and the emergency pathways it opens."""

    rule: str
    reason: str
    pathways: tuple[p.Pathway, ...] = ()


class Case(Answers):
    """The answers, with what the engine has found so far: the level, the findings and the rules fired."""

    def __init__(self, answers: Mapping[str, Any], now: datetime.datetime | None = None) -> None:
        super().__init__(answers)
        self.now = now or datetime.datetime.now(datetime.UTC)
        self.level = "unknown"
        self.findings: list[Finding] = []
        self.fired: list[Fired] = []

    @property
    def emergency(self) -> list[Fired]:
        return [item for item in self.fired if RULES_BY_NAME[item.rule].least == EMERGENCY]

    @property
    def disposition(self) -> str:
        return max((RULES_BY_NAME[item.rule].least for item in self.fired), key=SEVERITY.get, default=ROUTINE)

    @property
    def hours_since_well(self) -> float | None:
        return hours_since(self.when("last_known_well"), self.now)

    @property
    def well_within_24_hours(self) -> bool:
        hours = self.hours_since_well
        return hours is not None and hours <= STROKE_PATHWAY_HOURS

    @property
    def well_over_a_week_ago(self) -> bool:
        hours = self.hours_since_well
        return hours is not None and hours > SETTLED_AFTER_HOURS

    @property
    def settled_over_a_week(self) -> bool:
        """Rule 12: began more than 7 days ago and the course is stable or improving."""
        return self.well_over_a_week_ago and self.course in ("stable", "improving")

    @property
    def central_signs(self) -> list[str]:
        """Stroke signs or upper motor neuron signs (brisk reflexes, Babinski)."""
        signs = ["face, arm or speech signs"] if self.yes("stroke_signs") else []
        return signs + self.upper_motor_neuron_signs()

    def whole_spine_reasons(self) -> list[str]:
        """Why the whole spine is scanned, not only the lumbar spine."""
        reasons = self.upper_motor_neuron_signs()
        if self.choice("sensory_level") == "yes":
            reasons.append("a sensory level on the trunk")
        names = ("cancer_back_pain", "fever_back_pain", "spinal_trauma")
        reasons += [QUESTIONS[name].words for name in names if self.yes(name)]
        if spinal_procedure_emergency(self) is not None:
            reasons.append(QUESTIONS["spinal_procedure"].words)
        return reasons


@dataclass(frozen=True)
class Rule:
    """A named triage rule. `when` returns the words for its reason when it fires, else None."""

    name: str
    least: str
    title: str
    reason: str
    when: Callable[[Case], Words]
    pathways: tuple[p.Pathway, ...] = ()
    stage: str = DISPOSITION_STAGE

    def fire(self, case: Case) -> Fired | None:
        words = self.when(case)
        if words is None:
            return None
        pathways = words.pop("pathways", self.pathways)
        reason = sentence(self.reason.format(**words)) if self.reason else ""
        return Fired(self.name, reason, pathways)


# --- Emergency predicates. ---


def _onset_words(case: Case) -> str:
    return "noticed on waking or found" if case.onset == "on_waking" else "sudden (minutes to hours)"


def _unexplained_sudden(case: Case) -> bool:
    return case.onset in SUDDEN_ONSETS and not any(case.yes(name) for name in INJURY_FLAGS)


def unexplained_sudden_onset(case: Case) -> Words:
    """Rules 2, 12, 13: sudden or on waking, nothing to explain it, the clock within 24 hours or not recorded."""
    hours = case.hours_since_well
    if not _unexplained_sudden(case) or (hours is not None and hours > STROKE_PATHWAY_HOURS):
        return None
    return {"onset": _onset_words(case)}


def sudden_onset_after_injury(case: Case) -> Words:
    injuries = [QUESTIONS[name].words for name in INJURY_FLAGS if case.yes(name)]
    if case.onset not in SUDDEN_ONSETS or not injuries:
        return None
    return {"injury": and_list(injuries)}


def sudden_onset_days_ago(case: Case) -> Words:
    """Rule 12: sudden, more than 24 hours ago, and not settled over more than a week: still an emergency."""
    hours = case.hours_since_well
    if not _unexplained_sudden(case) or hours is None or hours <= STROKE_PATHWAY_HOURS:
        return None
    if case.settled_over_a_week or known_cause_explains(case) is not None:
        return None
    return {"onset": _onset_words(case), "ago": duration_words(hours)}


def sudden_onset_over_a_week_ago(case: Case) -> Words:
    """Rule 12: sudden, more than 7 days ago, stable or improving: at least urgent, no longer 999."""
    if not _unexplained_sudden(case) or not case.settled_over_a_week or known_cause_explains(case) is not None:
        return None
    return {"onset": _onset_words(case), "ago": duration_words(case.hours_since_well), "course": case.course}


def central_signs_within_24_hours(case: Case) -> Words:
    """Rule 12: last known well within 24 hours with stroke or upper motor neuron signs, whatever the onset word."""
    signs = case.central_signs
    if not signs or not case.well_within_24_hours or unexplained_sudden_onset(case) is not None:
        return None
    return {"signs": and_list(signs), "ago": duration_words(case.hours_since_well)}


def unwitnessed_onset_within_24_hours(case: Case) -> Words:
    """Rule 13: onset not known (or not recorded), but the person was well within the last 24 hours."""
    if case.onset not in ("unknown", None) or not case.well_within_24_hours or case.central_signs:
        return None
    return {"ago": duration_words(case.hours_since_well)}


def unknown_onset_central_signs(case: Case) -> Words:
    """Rule 13: onset "cannot say" (or not recorded) with any stroke or upper motor neuron sign."""
    signs = case.central_signs
    if case.onset not in ("unknown", None) or not signs or case.well_within_24_hours:
        return None
    if known_cause_explains(case) is not None:
        return None
    # Not recorded, it may be within the 24 hours; recorded, it is older (the 24-hour rule took the rest).
    pathway = p.STROKE_PATHWAY if case.hours_since_well is None else p.RECENT_STROKE_PATHWAY
    return {"signs": and_list(signs), "pathways": (pathway,)}


def progressing_central_deficit(case: Case) -> Words:
    """Rule 14: a one-sided upper motor neuron deficit coming on over days, or worsening, not known to be old."""
    signs = case.upper_motor_neuron_signs()
    if not signs or case.side == "both" or case.onset in SUDDEN_ONSETS or case.onset in ("unknown", None):
        return None
    if case.onset != "days" and case.course != "worsening":
        return None
    # Slow, mixed upper and lower motor neuron signs without sensory loss are motor neuron disease: urgent neurology.
    if case.onset in ("gradual", "lifelong") and motor_neuron_pattern(case) is not None:
        return None
    how = "coming on over days" if case.onset == "days" else "getting worse"
    return {"signs": and_list(signs), "how": how}


def _new_in_both_legs(case: Case) -> bool:
    # After an injury to the spine, the cord injury's own pathway explains both legs.
    new = case.onset in (*NEW_ONSETS, None) and case.course != "improving"
    return case.side == "both" and new and not case.yes("spinal_trauma")


def both_legs_new(case: Case) -> Words:
    """Rule 15: both legs, new, not improving: an emergency whatever the reflexes show."""
    if not _new_in_both_legs(case):
        return None
    onset = CHOICE_LABELS["onset"][case.onset].lower() if case.onset else "onset not recorded"
    course = case.course or "course not recorded"
    return {"onset": onset, "course": course}


def both_legs_with_back_pain(case: Case) -> Words:
    """Rule 15: with radiating back pain or sciatica, the cauda equina is named beside Guillain-Barré."""
    return {} if _new_in_both_legs(case) and case.yes("back_pain_radiating") else None


def _spinal_procedure_danger(case: Case) -> list[str]:
    dangers = [QUESTIONS[name].words for name in SPINAL_PROCEDURE_DANGERS if case.yes(name)]
    return dangers + (["both legs affected"] if case.side == "both" else [])


def spinal_procedure_emergency(case: Case) -> Words:
    """Rule 21: a spinal procedure in the last 6 weeks, with back pain, fever, both legs or new bladder trouble."""
    if not case.yes("spinal_procedure") or case.onset == "lifelong":
        return None
    dangers = _spinal_procedure_danger(case)
    return {"dangers": and_list(dangers)} if dangers else None


def spinal_procedure_urgent(case: Case) -> Words:
    """Rule 21: a spinal procedure in the last 6 weeks, alone: at least urgent."""
    if not case.yes("spinal_procedure") or case.onset == "lifelong" or _spinal_procedure_danger(case):
        return None
    return {}


def red_flag(name: str) -> Callable[[Case], Words]:
    """The predicate of one red flag: it fires when the flag was answered yes."""

    def answered_yes(case: Case) -> Words:
        return {} if case.yes(name) else None

    answered_yes.__name__ = f"red_flag_{name}"
    return answered_yes


def guillain_barre(case: Case) -> Words:
    """Rule 1, as rule 15 revised it: both legs, recent, not improving (stable too), reflexes reduced or lost."""
    return guillain_barre_pattern(case)


def cord_pattern(case: Case) -> Words:
    """Upper motor neuron signs with both legs, a sensory level or new bladder trouble; or a sensory level."""
    signs = case.upper_motor_neuron_signs()
    context = [
        words
        for words, present in (
            ("both legs affected", case.side == "both"),
            ("a sensory level on the trunk", case.choice("sensory_level") == "yes"),
            ("new bladder or bowel trouble", case.yes("bladder_bowel")),
        )
        if present
    ]
    # After an injury to the spine the cord injury's own pathway covers it.
    if not case.acute or not context or case.yes("spinal_trauma"):
        return None
    if not signs and case.choice("sensory_level") != "yes":
        return None
    return {"findings": and_list(signs + context)}


def possible_recent_injury(case: Case) -> Words:
    """An injury, operation or cast in the history, a new foot drop, and the 72 hours not asked."""
    history = [QUESTIONS[name].words for name in INJURY_HISTORY if case.yes(name)]
    if not history or case.onset in ("gradual", "lifelong") or case.yes("recent_leg_injury"):
        return None
    if case.no("recent_leg_injury"):
        return None
    return {"history": and_list(history)}


# --- Urgent predicates. ---


def onset_not_recorded(case: Case) -> Words:
    return {} if case.onset is None else None


def onset_unknown(case: Case) -> Words:
    return {} if case.onset == "unknown" else None


def onset_over_days(case: Case) -> Words:
    if case.onset != "days" or compressive_peroneal_palsy(case) is not None:
        return None
    if case.maybe_both_legs:
        legs = "both legs may be affected" if case.side is None else "both legs are affected"
        return {"legs": f"; {legs}, so early Guillain-Barré syndrome or spinal cord compression must be ruled out"}
    return {"legs": ""}


def worsening(case: Case) -> Words:
    """Worsening over the last days or weeks; slow change over years in a hereditary neuropathy is not (rule 18)."""
    return {} if case.course == "worsening" and slow_hereditary_change(case) is None else None


def slow_hereditary_change(case: Case) -> Words:
    """Rule 18: "worsening" in a lifelong, hereditary picture is slow change over years: routine."""
    hereditary = [QUESTIONS[name].words for name in ("family_history", "high_arches") if case.yes(name)]
    both = case.side == "both" or case.choice("sensory_loss") == "stocking"
    if case.onset != "lifelong" or case.course != "worsening" or not hereditary or not both:
        return None
    if case.upper_motor_neuron_signs():
        return None
    return {"hereditary": and_list(hereditary)}


def motor_neuron(case: Case) -> Words:
    return motor_neuron_pattern(case)


# --- The urgency of the assessed level. ---


def _central_level(case: Case) -> bool:
    return case.level in ("central", "spinal_cord")


def known_cause_explains(case: Case) -> Words:
    """Rules 7 and 17: long-standing, stable central signs in someone with a known central cause.

    Long-standing: onset over weeks or longer, or a sudden onset the clock puts more than 7 days ago.
    """
    known = [QUESTIONS[name].words for name in KNOWN_CENTRAL_CAUSES if case.yes(name)]
    if not known or case.choice("sensory_level") == "yes":
        return None
    # A sudden onset the clock puts more than a week ago, settled, with no peripheral pattern (rule 17).
    old_sudden = case.onset in SUDDEN_ONSETS and case.settled_over_a_week and case.level in ("central", "unknown")
    if not ((_central_level(case) and case.long_standing_and_stable) or old_sudden):
        return None
    signs = case.upper_motor_neuron_signs()
    what = f"({and_list(signs)})" if signs else "with no peripheral pattern on examination"
    return {"known": and_list(known), "what": what}


def central_level(case: Case) -> Words:
    # An emergency's imaging is the pathway's own; "urgent imaging within 24 hours" would contradict it.
    if not _central_level(case) or case.onset in SUDDEN_ONSETS or case.emergency:
        return None
    if known_cause_explains(case) is not None:
        return None
    return {"level": LEVEL_WORDS[case.level]}


def sciatic_or_plexus_level(case: Case) -> Words:
    if case.level not in ("sciatic", "plexus") or case.emergency:
        return None
    return {"level": LEVEL_WORDS[case.level]}


def compressive_peroneal_palsy(case: Case) -> Words:
    """Rule 16: a one-sided common peroneal palsy with a compressive cause, not worsening: routine however weak."""
    causes = [QUESTIONS[name].words for name in COMPRESSIVE_CAUSES if case.yes(name)]
    if case.level != "peroneal" or case.side not in ("left", "right") or not causes:
        return None
    if case.onset not in ("days", "gradual") or case.course == "worsening":
        return None
    # Inversion tested and normal; hip abduction, knee flexion and plantarflexion not weak.
    spared = case.normal("inversion_mrc")
    others = not any(case.weak(name) for name in ("hip_abduction_mrc", "knee_flexion_mrc", "plantarflexion_mrc"))
    reflexes = all(case.choice(f"{reflex}_reflex") in ("normal", None) for reflex in ("ankle", "knee"))
    if not (spared and others and reflexes) or case.upper_motor_neuron_signs():
        return None
    grade = case.mrc("dorsiflexion_mrc")
    return {"causes": and_list(causes), "grade": "not graded" if grade is None else str(grade)}


def severe_root_or_nerve_weakness(case: Case) -> Words:
    """Rule 16: MRC 3 or less is at least urgent at a root, the sciatic nerve or the plexus, or when recent."""
    grade = case.mrc("dorsiflexion_mrc")
    if grade is None or grade > 3 or case.onset == "lifelong" or case.level not in ROOT_OR_NERVE_LEVELS:
        return None
    where = case.level in ("nerve_root", "sciatic", "plexus", "unknown")
    when = case.onset in (*NEW_ONSETS, None) or case.course == "worsening"
    if not (where or when) or compressive_peroneal_palsy(case) is not None:
        return None
    return {"grade": str(grade)}


# --- The localisation's findings. ---


def localisation_finding(name: str) -> Callable[[Case], Words]:
    """The predicate of one finding: it fires when the localisation tree made that finding."""

    def found(case: Case) -> Words:
        return next(({"text": reason} for rule, _level, reason in case.findings if rule == name), None)

    found.__name__ = f"found_{name}"
    return found


# --- Notes that change no disposition. ---


def _stroke_pathway_opened(case: Case) -> bool:
    return any(pathway.suspect == p.STROKE_PATHWAY.suspect for item in case.emergency for pathway in item.pathways)


def stroke_clock_note(case: Case) -> Words:
    if not _stroke_pathway_opened(case):
        return None
    return {"clock": last_known_well_fact(case.when("last_known_well"), case.now)}


def _scan_pathway_opened(case: Case) -> bool:
    return any(pathway.scan for item in case.emergency for pathway in item.pathways)


def whole_spine_scan(case: Case) -> Words:
    whole = case.whole_spine_reasons()
    return {"why": and_list(whole)} if whole and _scan_pathway_opened(case) else None


def lumbar_spine_scan(case: Case) -> Words:
    return {} if _scan_pathway_opened(case) and not case.whole_spine_reasons() else None


def red_flags_not_asked(case: Case) -> Words:
    not_asked = case.red_flags_not_asked()
    return {"count": str(len(not_asked)), "total": str(len(RED_FLAGS))} if not_asked else None


def nothing_urgent(case: Case) -> Words:
    if case.disposition != ROUTINE:
        return None
    if case.red_flags_not_asked():
        return {
            "why": "Nothing answered makes this urgent: a routine clinic appointment, once the red flags not "
            "asked are ruled out."
        }
    return {"why": "No red flag and no urgent feature: a routine clinic appointment is appropriate."}


def too_little_information(case: Case) -> Words:
    if case.level != "unknown" or case.emergency or any(case.yes(name) for name in RED_FLAGS + HISTORY):
        return None
    return {}


def several_pathways(case: Case) -> Words:
    suspects = {pathway.suspect for item in case.emergency for pathway in item.pathways}
    return {} if len(suspects) > 1 else None


# --- The table. ---

RED_FLAG_RULES = tuple(
    Rule(
        f"red_flag_{name}",
        EMERGENCY,
        f"Red flag: {question.label}",
        f"{question.words} was reported: suspect {p.RED_FLAG_PATHWAYS[name].suspect}.",
        red_flag(name),
        (p.RED_FLAG_PATHWAYS[name],),
    )
    for name, question in RED_FLAG_QUESTIONS.items()
)
EMERGENCY_RULES = (
    # First: when a recent injury may explain a sudden onset, its step comes before the stroke's.
    Rule(
        "possible_recent_leg_injury",
        EMERGENCY,
        "A past leg injury, operation or cast, the last 72 hours not asked",
        "A new foot drop with {history} in the history, and nobody recorded whether it was in the last "
        "72 hours: treat it as a recent injury or operation until that is ruled out.",
        possible_recent_injury,
        (p.LEG_INJURY_PATHWAY,),
    ),
    Rule(
        "sudden_onset_stroke",
        EMERGENCY,
        "Sudden onset with nothing to explain it: a stroke until proven otherwise",
        "Onset was {onset} with no recent injury, operation or cast to explain it: "
        "treat as a stroke until proven otherwise.",
        unexplained_sudden_onset,
        (p.STROKE_PATHWAY,),
    ),
    Rule(
        "sudden_onset_days_ago",
        EMERGENCY,
        "Sudden onset 24 hours to 7 days ago, or later and not settled: emergency department",
        "Onset was {onset}, {ago} ago, past the 24-hour stroke clock but not settled over more than a week: "
        "a stroke in the last days still needs the emergency department and admission.",
        sudden_onset_days_ago,
        (p.RECENT_STROKE_PATHWAY,),
    ),
    Rule(
        "central_signs_within_24_hours",
        EMERGENCY,
        "Stroke or upper motor neuron signs, last known well within 24 hours",
        "{signs}, and the person was last known well {ago} ago, within 24 hours: the stroke pathway, "
        "whatever the onset word.",
        central_signs_within_24_hours,
        (p.STROKE_PATHWAY,),
    ),
    Rule(
        "unwitnessed_onset_within_24_hours",
        EMERGENCY,
        "Onset not known, last known well within 24 hours",
        "The time it began is not known, and the person was last known well {ago} ago: treat it as a stroke "
        "noticed on waking until proven otherwise.",
        unwitnessed_onset_within_24_hours,
        (p.STROKE_PATHWAY,),
    ),
    Rule(
        "unknown_onset_central_signs",
        EMERGENCY,
        "Onset not known, with stroke or upper motor neuron signs",
        "Onset is not known and {signs}: a stroke until proven otherwise.",
        unknown_onset_central_signs,
        (p.STROKE_PATHWAY,),
    ),
    Rule(
        "sudden_onset_after_injury",
        EMERGENCY,
        "Sudden onset right after an injury, operation or cast",
        "Onset was sudden right after {injury}: that injury's emergency comes first; "
        "the stroke pathway is added only with stroke signs.",
        sudden_onset_after_injury,
    ),
    *RED_FLAG_RULES,
    Rule(
        "guillain_barre_pattern",
        EMERGENCY,
        "Pattern of Guillain-Barré syndrome: both legs, recent, reflexes lost",
        "Both legs are affected, coming on over hours to days and not improving, and {reflexes}: "
        "suspect Guillain-Barré syndrome whatever the red-flag boxes say; it can progress for up to 4 weeks, "
        "so a stable course does not make it safe.",
        guillain_barre,
        (p.GUILLAIN_BARRE_PATHWAY,),
    ),
    Rule(
        "both_legs_new",
        EMERGENCY,
        "Both legs, new, not improving: emergency whatever the reflexes",
        "A new foot drop in both legs ({onset}; {course}): Guillain-Barré syndrome, spinal cord compression and "
        "the cauda equina cannot be told apart here, so this is an emergency whatever the reflexes show.",
        both_legs_new,
        (p.GUILLAIN_BARRE_PATHWAY,),
    ),
    Rule(
        "both_legs_with_back_pain",
        EMERGENCY,
        "Both legs, new, with back pain or sciatica: cauda equina named too",
        "Both legs, new, with back pain spreading down the leg: name cauda equina syndrome beside Guillain-Barré "
        "syndrome, and scan the spine as an emergency.",
        both_legs_with_back_pain,
        (p.CAUDA_EQUINA_PATHWAY,),
    ),
    Rule(
        "spinal_cord_pattern",
        EMERGENCY,
        "Pattern of spinal cord compression or myelitis",
        "{findings}, coming on over hours to days or getting worse: suspect spinal cord compression or "
        "myelitis whatever the red-flag boxes say.",
        cord_pattern,
        (p.CORD_PATHWAY,),
    ),
    Rule(
        "progressing_central_deficit",
        EMERGENCY,
        "One-sided upper motor neuron deficit over days or worsening: brain scan first",
        "{signs}, {how}, in one leg and not known to be old: a progressing stroke, a bleed under the skull "
        "(above all on blood thinners or after a fall) or a lesion of the spinal cord; emergency department "
        "the same day, brain scan first.",
        progressing_central_deficit,
        (p.PROGRESSING_CENTRAL_PATHWAY,),
    ),
    Rule(
        "spinal_procedure_emergency",
        EMERGENCY,
        "Spinal procedure in the last 6 weeks, with back pain, fever, both legs or bladder trouble",
        "A new foot drop after a spinal procedure in the last 6 weeks, with {dangers}: suspect a spinal epidural "
        "haematoma or abscess; an emergency MRI of the whole spine.",
        spinal_procedure_emergency,
        (p.SPINAL_PROCEDURE_PATHWAY,),
    ),
)
URGENT_RULES = (
    Rule(
        "onset_not_recorded",
        URGENT,
        "Onset not recorded",
        "Onset was not recorded: a recent onset cannot be ruled out, so this is at least urgent "
        "(seen within 24 hours).",
        onset_not_recorded,
    ),
    Rule(
        "onset_unknown",
        URGENT,
        "Onset not known",
        "Onset is unknown: a recent onset cannot be ruled out, so this is at least urgent (seen within 24 hours).",
        onset_unknown,
    ),
    Rule(
        "onset_over_days",
        URGENT,
        "Onset over days",
        "A new foot drop that came on over days is at least urgent (seen within 24 hours){legs}.",
        onset_over_days,
    ),
    Rule(
        "sudden_onset_over_a_week_ago",
        URGENT,
        "Sudden onset more than 7 days ago, stable or improving: urgent, not 999",
        "Onset was {onset}, {ago} ago, and the course is {course}: the treatment windows are long closed, so time "
        "alone no longer makes it a 999 call, but a sudden onset is at least urgent (seen within 24 hours); "
        "with upper motor neuron signs, urgent neurology or the stroke clinic.",
        sudden_onset_over_a_week_ago,
    ),
    Rule(
        "slow_hereditary_change",
        ROUTINE,
        "Slow change over years in a lifelong hereditary neuropathy",
        "Lifelong foot drop with {hereditary}: a change over years in a hereditary neuropathy is not a worsening "
        "over days or weeks; routine. Worsening over the last days or weeks would need urgent review.",
        slow_hereditary_change,
    ),
    Rule(
        "worsening",
        URGENT,
        "Worsening course",
        "The course is worsening: progressive weakness is at least urgent (seen within 24 hours).",
        worsening,
    ),
    Rule(
        "motor_neuron_pattern",
        URGENT,
        "Pattern of motor neuron disease",
        "Weakness without sensory loss and with {signs} suggests motor neuron disease: "
        "refer urgently to neurology (seen within 24 hours).",
        motor_neuron,
    ),
    Rule(
        "spinal_procedure_urgent",
        URGENT,
        "Spinal procedure in the last 6 weeks",
        "A new foot drop after a spinal procedure in the last 6 weeks: at least urgent (seen within 24 hours); "
        "a nerve palsy after childbirth is common and usually recovers, but a haematoma must be ruled out.",
        spinal_procedure_urgent,
    ),
)
LEVEL_URGENCY_RULES = (
    Rule(
        "known_cause_explains_old_findings",
        ROUTINE,
        "A known condition explains old, stable central signs",
        "Long-standing, stable foot drop in someone with {known} {what}: the known condition explains it; "
        "routine follow-up with their team. New or worsening signs would not be explained and need urgent review.",
        known_cause_explains,
    ),
    Rule(
        "central_level_urgent",
        URGENT,
        "Central level, onset not sudden: urgent imaging",
        "The level is {level} and there is no emergency pattern: arrange urgent imaging "
        "(seen within 24 hours) for a tumour, a multiple sclerosis relapse or cord compression.",
        central_level,
    ),
    Rule(
        "sciatic_or_plexus_level_urgent",
        URGENT,
        "Sciatic nerve or plexus level",
        "The level is {level}: its causes need investigation and treatment within 24 hours.",
        sciatic_or_plexus_level,
    ),
    Rule(
        "compressive_peroneal_palsy",
        ROUTINE,
        "Compressive common peroneal palsy, not worsening: routine however weak",
        "A one-sided common peroneal palsy (foot lifting MRC {grade}) with {causes} in the history and a course "
        "that is not worsening: routine however weak. Stop the pressure, fit an ankle-foot orthosis, and arrange "
        "nerve studies in a few weeks.",
        compressive_peroneal_palsy,
    ),
    Rule(
        "severe_weakness_urgent",
        URGENT,
        "Severe weakness from a root or nerve lesion",
        "Foot lifting is severely weak (MRC {grade}) from a root, sciatic or plexus lesion, or one that is new or "
        "worsening: at least urgent (seen within 24 hours), for earlier treatment gives better recovery.",
        severe_root_or_nerve_weakness,
    ),
)
FINDING_TITLES = {
    "level_central": "Upper motor neuron signs: brain or spinal cord",
    "level_spinal_cord": "Upper motor neuron signs with cord clues: spinal cord",
    "level_anterior_horn": "Anterior horn cells of the spinal cord",
    "level_sensory_level": "Sensory level on the trunk: spinal cord",
    "level_stroke_signs": "Stroke signs: brain",
    "level_spinal_trauma": "Spinal injury: spinal cord",
    "level_both_legs_cauda_equina": "Both legs with saddle or sphincter signs: cauda equina",
    "level_both_legs_back_pain": "Both legs with back pain spreading down the leg: nerve roots (cauda equina)",
    "level_both_legs_guillain_barre": "Both legs, reflexes lost, spreading: Guillain-Barré syndrome",
    "level_both_legs_roots": "Both legs weak above the ankle: several nerve roots",
    "level_polyneuropathy": "Both legs, stocking sensory loss: polyneuropathy",
    "level_muscle": "Both legs weak with no sensory loss: muscle",
    "level_several_roots": "Hip abduction weak with a reduced knee jerk and sciatica: several nerve roots",
    "level_plexus": "Weakness beyond the L5 root: lumbosacral plexus",
    "level_l5_root": "Hip abduction or inversion weak: L5 nerve root",
    "level_sciatic": "Knee flexion or plantarflexion weak: sciatic nerve",
    "level_peroneal": "Foot lifting weak, inversion spared or relatively spared: peroneal nerve",
    "parkinsons_central": "Known Parkinson's disease, no peripheral pattern: central",
    **{
        f"level_clue_{name}": f"No localising examination; {QUESTIONS[name].words} suggests {LEVEL_WORDS[level]}"
        for name, level in CLUE_LEVELS.items()
    },
    "level_unknown": "Level not yet localised",
    "level_conflict": "Findings point to more than one level",
}
FINDING_RULES = tuple(
    Rule(name, ROUTINE, title, "{text}", localisation_finding(name), stage=FINDING_STAGE)
    for name, title in FINDING_TITLES.items()
)
NOTE_RULES = (
    Rule(
        "last_known_well",
        ROUTINE,
        "Stroke clock: hours since last known well",
        "{clock}",
        stroke_clock_note,
        stage=NOTE_STAGE,
    ),
    Rule(
        "whole_spine_scan",
        ROUTINE,
        "Scan the whole spine",
        "{why}: scan the whole spine, not only the lumbar spine.",
        whole_spine_scan,
        stage=NOTE_STAGE,
    ),
    Rule(
        "lumbar_spine_scan",
        ROUTINE,
        "Emergency MRI of the lumbar spine",
        "No upper motor neuron sign and no sensory level: an emergency MRI of the lumbar spine.",
        lumbar_spine_scan,
        stage=NOTE_STAGE,
    ),
    Rule(
        "red_flags_not_asked",
        ROUTINE,
        "Red flags not asked",
        "{count} of the {total} red flags were not asked, so they are not ruled out: ask about them now.",
        red_flags_not_asked,
        stage=NOTE_STAGE,
    ),
    Rule("routine", ROUTINE, "Nothing urgent", "{why}", nothing_urgent, stage=NOTE_STAGE),
    Rule(
        "too_little_information",
        ROUTINE,
        "Too little information to rank the causes",
        "Too little information to rank the causes: examine, and ask the red-flag and history questions.",
        too_little_information,
        stage=NOTE_STAGE,
    ),
    # Only a name in rules_fired: the referral steps themselves say it.
    Rule(
        "one_first_action",
        ROUTINE,
        "Several emergency pathways: one first action",
        "",
        several_pathways,
        stage=NOTE_STAGE,
    ),
)

RULES: tuple[Rule, ...] = (*EMERGENCY_RULES, *URGENT_RULES, *LEVEL_URGENCY_RULES, *FINDING_RULES, *NOTE_RULES)
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


_STAGES = {
    stage: tuple(rule for rule in RULES if rule.stage == stage)
    for stage in (DISPOSITION_STAGE, FINDING_STAGE, NOTE_STAGE)
}


def rules_of(stage: str) -> tuple[Rule, ...]:
    """The rules of one stage, in the table's order."""
    return _STAGES[stage]


def title(name: str) -> str:
    """The clinician's words for a rule name, or the name itself for one the table no longer holds."""
    rule = RULES_BY_NAME.get(name)
    return rule.title if rule else name
