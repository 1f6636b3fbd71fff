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
from clinic.clock import stroke_clock
from clinic.localisation import (
    CLUE_LEVELS,
    ROOT_OR_NERVE_LEVELS,
    Finding,
    guillain_barre_pattern,
    motor_neuron_pattern,
)
from clinic.vocabulary import (
    EMERGENCY,
    HISTORY,
    LEVEL_WORDS,
    QUESTIONS,
    RED_FLAG_QUESTIONS,
    RED_FLAGS,
    ROUTINE,
    SEVERITY,
    URGENT,
    and_list,
    sentence,
)

DISPOSITION_STAGE, FINDING_STAGE, NOTE_STAGE = "disposition", "finding", "note"
# Answers that explain a sudden onset: an injury, operation or cast in the last hours or days.
INJURY_FLAGS = ("recent_leg_injury", "compartment_signs", "spinal_trauma")
# History that may be a recent leg injury, operation or cast when its timing was not asked.
INJURY_HISTORY = ("knee_surgery_or_injury", "hip_surgery_or_injection", "cast_or_tight_brace")
# Known conditions that can explain long-standing upper motor neuron signs.
KNOWN_CENTRAL_CAUSES = ("previous_stroke", "known_ms", "known_parkinsons")

Words = dict[str, str] | None


class Fired(NamedTuple):
    """A rule that fired: its name, its reason and the emergency pathways it opens."""

    rule: str
    reason: str
    pathways: tuple[p.Pathway, ...] = ()


class Case(Answers):
    """The answers, with what the engine has found so far: the level, the findings and the rules fired."""

    def __init__(self, answers: Mapping[str, Any], now: datetime.datetime | None = None) -> None:
        super().__init__(answers)
        self.now = now
        self.level = "unknown"
        self.findings: list[Finding] = []
        self.fired: list[Fired] = []

    @property
    def emergency(self) -> list[Fired]:
        return [item for item in self.fired if RULES_BY_NAME[item.rule].least == EMERGENCY]

    @property
    def disposition(self) -> str:
        return max((RULES_BY_NAME[item.rule].least for item in self.fired), key=SEVERITY.get, default=ROUTINE)

    def whole_spine_reasons(self) -> list[str]:
        """Why the whole spine is scanned, not only the lumbar spine."""
        reasons = self.upper_motor_neuron_signs()
        if self.choice("sensory_level") == "yes":
            reasons.append("a sensory level on the trunk")
        names = ("cancer_back_pain", "fever_back_pain", "spinal_trauma")
        return reasons + [QUESTIONS[name].words for name in names if self.yes(name)]


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
        reason = sentence(self.reason.format(**words)) if self.reason else ""
        return Fired(self.name, reason, self.pathways)


# --- Emergency predicates. ---


def unexplained_sudden_onset(case: Case) -> Words:
    if case.onset != "sudden" or any(case.yes(name) for name in INJURY_FLAGS):
        return None
    return {}


def sudden_onset_after_injury(case: Case) -> Words:
    injuries = [QUESTIONS[name].words for name in INJURY_FLAGS if case.yes(name)]
    if case.onset != "sudden" or not injuries:
        return None
    return {"injury": and_list(injuries)}


def red_flag(name: str) -> Callable[[Case], Words]:
    """The predicate of one red flag: it fires when the flag was answered yes."""

    def answered_yes(case: Case) -> Words:
        return {} if case.yes(name) else None

    answered_yes.__name__ = f"red_flag_{name}"
    return answered_yes


def guillain_barre(case: Case) -> Words:
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
    if case.onset != "days":
        return None
    if case.maybe_both_legs:
        legs = "both legs may be affected" if case.side is None else "both legs are affected"
        return {"legs": f"; {legs}, so early Guillain-Barré syndrome or spinal cord compression must be ruled out"}
    return {"legs": ""}


def worsening(case: Case) -> Words:
    return {} if case.course == "worsening" else None


def motor_neuron(case: Case) -> Words:
    return motor_neuron_pattern(case)


# --- The urgency of the assessed level. ---


def _central_not_sudden(case: Case) -> bool:
    return case.level in ("central", "spinal_cord") and case.onset != "sudden"


def known_cause_explains(case: Case) -> Words:
    """Rule 7: long-standing, stable central signs in someone with a known central cause."""
    known = [QUESTIONS[name].words for name in KNOWN_CENTRAL_CAUSES if case.yes(name)]
    if not (_central_not_sudden(case) and known and case.long_standing_and_stable):
        return None
    if case.choice("sensory_level") == "yes":
        return None
    signs = case.upper_motor_neuron_signs()
    what = f"({and_list(signs)})" if signs else "with no peripheral pattern on examination"
    return {"known": and_list(known), "what": what}


def central_level(case: Case) -> Words:
    # An emergency's imaging is the pathway's own; "urgent imaging within 24 hours" would contradict it.
    if not _central_not_sudden(case) or known_cause_explains(case) is not None or case.emergency:
        return None
    return {"level": LEVEL_WORDS[case.level]}


def sciatic_or_plexus_level(case: Case) -> Words:
    if case.level not in ("sciatic", "plexus") or case.emergency:
        return None
    return {"level": LEVEL_WORDS[case.level]}


def severe_root_or_nerve_weakness(case: Case) -> Words:
    grade = case.mrc("dorsiflexion_mrc")
    if case.level not in ROOT_OR_NERVE_LEVELS or case.onset == "lifelong" or grade is None or grade > 3:
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
    return any(p.STROKE_PATHWAY in item.pathways for item in case.emergency)


def stroke_clock_note(case: Case) -> Words:
    if not _stroke_pathway_opened(case):
        return None
    return {"clock": stroke_clock(case.when("last_known_well"), case.now)}


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
        "Onset was sudden (minutes to hours) with no recent injury, operation or cast to explain it: "
        "treat as a stroke until proven otherwise.",
        unexplained_sudden_onset,
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
        "Both legs are affected, coming on over hours to days or getting worse, and {reflexes}: "
        "suspect Guillain-Barré syndrome whatever the red-flag boxes say.",
        guillain_barre,
        (p.GUILLAIN_BARRE_PATHWAY,),
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
        "The level is {level} and onset was not sudden: arrange urgent imaging "
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
        "severe_weakness_urgent",
        URGENT,
        "Severe weakness from a root or nerve lesion",
        "Foot lifting is severely weak (MRC {grade}) from a root or nerve lesion: at least urgent "
        "(seen within 24 hours), for earlier treatment gives better recovery.",
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
    "level_both_legs_guillain_barre": "Both legs, reflexes lost, spreading: Guillain-Barré syndrome",
    "level_both_legs_roots": "Both legs weak above the ankle: several nerve roots",
    "level_polyneuropathy": "Both legs, stocking sensory loss: polyneuropathy",
    "level_muscle": "Both legs weak with no sensory loss: muscle",
    "level_plexus": "Weakness beyond the L5 root: lumbosacral plexus",
    "level_l5_root": "Hip abduction or inversion weak: L5 nerve root",
    "level_sciatic": "Knee flexion or plantarflexion weak: sciatic nerve",
    "level_peroneal": "Foot lifting weak, inversion spared: peroneal nerve",
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
