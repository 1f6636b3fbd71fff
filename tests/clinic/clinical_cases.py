"""Realistic clinical cases for the triage engine, and the seed causes to rank them against.

Each case is a patient as clinic staff would fill in the intake form: only what was asked
or examined is given (anything left out means "not asked / not tested"). The expected
level follows the bedside localisation table; the expected cause must be in the top 3.
"""

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from clinic import RED_FLAGS

SEED_DIR = Path(__file__).resolve().parents[2] / "causes" / "encyclopedia"


def load_causes() -> list[SimpleNamespace]:
    """The encyclopedia's seed causes, read straight from their TOML files as plain objects (no Django)."""
    causes = []
    for path in sorted(SEED_DIR.glob("*.toml")):
        with path.open("rb") as seed_file:
            causes.append(SimpleNamespace(**tomllib.load(seed_file)))
    return causes


# The clock the cases are assessed at: "last known well" times are counted back from it.
CLOCK = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@dataclass(frozen=True)
class ClinicalCase:
    """A patient, and what the engine must make of them.

    cause None means the answers say too little to rank any cause. rules must all fire and
    not_rules must not; first_action and scan are phrases of the first step and of the scans.
    """

    description: str
    cause: str | None
    level: str
    disposition: str
    answers: dict[str, Any] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    not_rules: tuple[str, ...] = ()
    first_action: str = ""
    scan: str = ""
    not_causes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.description.split(":")[0]


def _patient(**answers: Any) -> dict[str, Any]:
    """Identity fields are always filled in, as the form requires; triage ignores them."""
    return {"patient_name": "Test Patient", "date_of_birth": "1960-01-01", "notes": "", **answers}


def _hours_ago(hours: float) -> datetime:
    return CLOCK - timedelta(hours=hours)


# Every red flag asked and answered no.
NO_RED_FLAGS = dict.fromkeys(RED_FLAGS, False)


def _exam(**grades: int) -> dict[str, int]:
    """MRC grades by short muscle name: _exam(dorsiflexion=3) gives dorsiflexion_mrc=3."""
    return {f"{muscle}_mrc": grade for muscle, grade in grades.items()}


CASES = [
    ClinicalCase(
        "peroneal after weight loss: a leg crosser who lost 12 kg, painless right foot drop over two days",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="routine",  # rule 16 (round 3): a compressive peroneal palsy, routine however weak
        rules=("compressive_peroneal_palsy",),
        not_rules=("onset_over_days", "severe_weakness_urgent"),
        answers=_patient(
            side="right",
            onset="days",
            course="stable",
            leg_crossing_or_squatting=True,
            recent_weight_loss=True,
            **_exam(dorsiflexion=2, eversion=3, inversion=5, hip_abduction=5, knee_flexion=5, plantarflexion=5),
            ankle_reflex="normal",
            knee_reflex="normal",
            babinski="absent",
            sensory_loss="dorsum_foot",
            fibular_tinel="yes",
        ),
    ),
    ClinicalCase(
        "peroneal after knee injury: left foot drop noticed days after a fibular head fracture",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="emergency",
        rules=("possible_recent_leg_injury",),
        first_action="orthopaedic",
        answers=_patient(
            side="left",
            onset="days",
            course="improving",
            knee_surgery_or_injury=True,
            **_exam(dorsiflexion=3, eversion=3, inversion=5, hip_abduction=5),
            ankle_reflex="normal",
            sensory_loss="lateral_calf_and_dorsum",
        ),
    ),
    ClinicalCase(
        "peroneal under a brace: tight knee brace, inversion not testable, Tinel sign at the fibular head",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="urgent",
        answers=_patient(
            recent_leg_injury=False,
            side="right",
            onset="days",
            course="stable",
            cast_or_tight_brace=True,
            **_exam(dorsiflexion=1, eversion=2),
            fibular_tinel="yes",
            sensory_loss="dorsum_foot",
        ),
    ),
    ClinicalCase(
        "peroneal from squatting: a fruit picker, only dorsiflexion examined in a busy clinic",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="urgent",
        answers=_patient(
            side="left",
            onset="days",
            course="stable",
            leg_crossing_or_squatting=True,
            **_exam(dorsiflexion=3),
        ),
    ),
    ClinicalCase(
        "L5 disc: sciatica then left foot drop over days, weak inversion and hip abduction",
        cause="l5-radiculopathy",
        level="nerve_root",
        disposition="urgent",
        answers=_patient(
            side="left",
            onset="days",
            course="stable",
            back_pain_radiating=True,
            **_exam(dorsiflexion=3, eversion=4, inversion=3, hip_abduction=4, knee_flexion=5, plantarflexion=5),
            ankle_reflex="normal",
            knee_reflex="normal",
            babinski="absent",
            sensory_loss="lateral_calf_and_dorsum",
            fibular_tinel="no",
        ),
    ),
    ClinicalCase(
        "L5 worsening: radiating back pain, weak inversion, getting worse week by week",
        cause="l5-radiculopathy",
        level="nerve_root",
        disposition="urgent",
        answers=_patient(
            side="right",
            onset="days",
            course="worsening",
            back_pain_radiating=True,
            **_exam(dorsiflexion=2, inversion=3, hip_abduction=5, knee_flexion=5),  # within one grade (rule 19)
            ankle_reflex="normal",
            sensory_loss="lateral_calf_and_dorsum",
        ),
    ),
    ClinicalCase(
        "L5 by history only: radiating back pain, dorsiflexion weak, nothing else examined",
        cause="l5-radiculopathy",
        level="nerve_root",
        disposition="urgent",
        answers=_patient(side="left", onset="days", course="stable", back_pain_radiating=True, **_exam(dorsiflexion=4)),
    ),
    ClinicalCase(
        "stenosis: a 74-year-old with months of leg pain on walking, eased by bending forward",
        cause="spinal-stenosis",
        level="nerve_root",
        disposition="routine",
        answers=_patient(
            side="both",
            onset="gradual",
            course="stable",
            back_pain_radiating=True,
            **_exam(dorsiflexion=4, inversion=4, hip_abduction=4, knee_flexion=5),
            ankle_reflex="normal",
            knee_reflex="normal",
            babinski="absent",
            sensory_loss="lateral_calf_and_dorsum",
        ),
    ),
    ClinicalCase(
        "cauda equina: sciatica in both legs, then urinary retention and saddle numbness",
        cause="cauda-equina-syndrome",
        level="nerve_root",
        disposition="emergency",
        scan="lumbar spine",
        answers=_patient(
            side="both",
            onset="days",
            course="worsening",
            bladder_bowel=True,
            saddle_numbness=True,
            back_pain_radiating=True,
            **_exam(dorsiflexion=3, inversion=3, hip_abduction=4, plantarflexion=4),
            ankle_reflex="absent",
            knee_reflex="normal",
            babinski="absent",
            sensory_loss="sole",
        ),
    ),
    ClinicalCase(
        "sciatic after hip replacement: right foot drop the day after surgery, knee flexion weak",
        cause="sciatic-neuropathy",
        level="sciatic",
        disposition="emergency",
        rules=("possible_recent_leg_injury",),
        answers=_patient(
            side="right",
            onset="days",
            course="stable",
            hip_surgery_or_injection=True,
            **_exam(dorsiflexion=1, eversion=2, inversion=4, hip_abduction=5, knee_flexion=3, plantarflexion=4),
            ankle_reflex="reduced",
            knee_reflex="normal",
            babinski="absent",
            sensory_loss="sole",
        ),
    ),
    ClinicalCase(
        "sciatic after buttock injection: painful foot drop, hip abduction not tested on a trolley",
        cause="sciatic-neuropathy",
        level="sciatic",
        disposition="urgent",
        answers=_patient(
            recent_leg_injury=False,
            side="left",
            onset="days",
            course="stable",
            hip_surgery_or_injection=True,
            **_exam(dorsiflexion=2, knee_flexion=4),
            ankle_reflex="reduced",
        ),
    ),
    ClinicalCase(
        "diabetic amyotrophy: severe right thigh pain, weight loss, hip and thigh muscles weak",
        cause="lumbosacral-plexopathy",
        level="plexus",
        disposition="urgent",
        answers=_patient(
            side="right",
            onset="days",
            course="worsening",
            diabetes=True,
            recent_weight_loss=True,
            **_exam(dorsiflexion=3, inversion=3, hip_abduction=3, knee_flexion=4),
            knee_reflex="absent",
            ankle_reflex="reduced",
            babinski="absent",
        ),
    ),
    ClinicalCase(
        "stroke with face and arm signs: left foot drop and slurred speech an hour ago",
        cause="stroke",
        level="central",
        disposition="emergency",
        answers=_patient(
            side="left",
            onset="sudden",
            stroke_signs=True,
            **_exam(dorsiflexion=2),
            babinski="present",
            ankle_reflex="brisk",
        ),
    ),
    ClinicalCase(
        "stroke as isolated foot drop: sudden right foot drop, peroneal-like weakness but Babinski present",
        cause="stroke",
        level="central",
        disposition="emergency",
        answers=_patient(
            side="right",
            onset="sudden",
            previous_stroke=True,
            **_exam(dorsiflexion=3, eversion=4, inversion=5, hip_abduction=5),
            babinski="present",
            ankle_reflex="normal",
        ),
    ),
    ClinicalCase(
        "MS relapse: known multiple sclerosis, right foot drop over a few days with brisk reflexes",
        cause="multiple-sclerosis",
        level="central",
        disposition="emergency",  # rule 14 (round 3): a new one-sided deficit over days
        answers=_patient(
            side="right",
            onset="days",
            course="worsening",
            known_ms=True,
            **_exam(dorsiflexion=3, hip_abduction=4),
            knee_reflex="brisk",
            ankle_reflex="brisk",
            babinski="present",
        ),
    ),
    ClinicalCase(
        "Parkinson's: shuffling gait and toe catching, no true weakness on the couch",
        cause="parkinsons-disease",
        level="central",
        rules=("parkinsons_central", "known_cause_explains_old_findings"),
        disposition="routine",
        answers=_patient(
            side="left",
            onset="gradual",
            course="stable",
            known_parkinsons=True,
            **_exam(dorsiflexion=5, inversion=5, hip_abduction=5),
            ankle_reflex="normal",
            knee_reflex="normal",
            babinski="absent",
            sensory_loss="none",
        ),
    ),
    ClinicalCase(
        "brain tumour: months of spastic right foot drop with headaches, brisk reflexes and Babinski",
        cause="brain-tumour",
        level="central",
        disposition="emergency",  # rule 14 (round 3): worsening, a same-day brain scan
        answers=_patient(
            headache_or_seizure=True,
            side="right",
            onset="gradual",
            course="worsening",
            **_exam(dorsiflexion=3, eversion=3),
            ankle_reflex="brisk",
            knee_reflex="brisk",
            babinski="present",
            sensory_loss="none",
        ),
    ),
    ClinicalCase(
        "spinal cord injury: fell from a ladder, both legs weak, bladder not emptying",
        cause="spinal-cord-injury",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(
            side="both",
            onset="sudden",
            spinal_trauma=True,
            bladder_bowel=True,
            **_exam(dorsiflexion=1),
            ankle_reflex="absent",
        ),
    ),
    ClinicalCase(
        "metastatic cord compression: known breast cancer, new back pain, both legs weak with brisk reflexes",
        cause="spinal-cord-compression",
        level="spinal_cord",
        disposition="emergency",
        scan="whole spine",
        answers=_patient(
            side="both",
            onset="days",
            course="worsening",
            cancer_back_pain=True,
            **_exam(dorsiflexion=3, hip_abduction=4),
            knee_reflex="brisk",
            babinski="present",
        ),
    ),
    ClinicalCase(
        "spinal abscess: fever and back pain after an epidural, foot drop with a brisk knee reflex",
        cause="spinal-cord-compression",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(
            side="left",
            onset="days",
            fever_back_pain=True,
            **_exam(dorsiflexion=3),
            knee_reflex="brisk",
        ),
    ),
    ClinicalCase(
        "motor neuron disease: months of painless right foot drop, twitching, brisk knee and lost ankle reflex",
        cause="amyotrophic-lateral-sclerosis",
        level="spinal_cord",
        disposition="urgent",
        answers=_patient(
            side="right",
            onset="gradual",
            course="worsening",
            **_exam(dorsiflexion=3, eversion=3, inversion=4, hip_abduction=5),
            knee_reflex="brisk",
            ankle_reflex="absent",
            babinski="absent",
            sensory_loss="none",
        ),
    ),
    ClinicalCase(
        "Charcot-Marie-Tooth: clumsy since school, high arches, father the same",
        cause="charcot-marie-tooth-disease",
        level="polyneuropathy",
        disposition="routine",
        answers=_patient(
            side="both",
            onset="lifelong",
            course="stable",
            family_history=True,
            high_arches=True,
            **_exam(dorsiflexion=3, eversion=3, inversion=4, hip_abduction=5),
            ankle_reflex="absent",
            knee_reflex="reduced",
            babinski="absent",
            sensory_loss="stocking",
        ),
    ),
    ClinicalCase(
        "muscular dystrophy: slowly weaker legs, brother affected, no sensory loss",
        cause="muscular-dystrophy",
        level="muscle",
        disposition="routine",
        answers=_patient(
            side="both",
            onset="gradual",
            course="stable",
            family_history=True,
            **_exam(dorsiflexion=3, eversion=4, hip_abduction=4, knee_flexion=4),
            ankle_reflex="reduced",
            knee_reflex="reduced",
            babinski="absent",
            sensory_loss="none",
        ),
    ),
    ClinicalCase(
        "diabetic neuropathy: burning feet, numb to the mid-shin, mild weakness of both ankles",
        cause="diabetic-neuropathy",
        level="polyneuropathy",
        disposition="routine",
        answers=_patient(
            side="both",
            onset="gradual",
            course="stable",
            diabetes=True,
            **_exam(dorsiflexion=4),
            ankle_reflex="absent",
            knee_reflex="normal",
            babinski="absent",
            sensory_loss="stocking",
        ),
    ),
    ClinicalCase(
        "diabetic neuropathy worsening: known diabetes, weakness of both ankles getting worse",
        cause="diabetic-neuropathy",
        level="polyneuropathy",
        disposition="urgent",
        answers=_patient(
            side="both",
            onset="gradual",
            course="worsening",
            diabetes=True,
            **_exam(dorsiflexion=3, eversion=4),
            ankle_reflex="reduced",
            sensory_loss="stocking",
        ),
    ),
    ClinicalCase(
        "Guillain-Barre: tingling feet a week after diarrhoea, weakness climbing to the thighs",
        cause="guillain-barre-syndrome",
        level="polyneuropathy",
        disposition="emergency",
        answers=_patient(
            side="both",
            onset="days",
            course="worsening",
            ascending_weakness=True,
            **_exam(dorsiflexion=2, hip_abduction=4, knee_flexion=4),
            ankle_reflex="absent",
            knee_reflex="absent",
            babinski="absent",
            sensory_loss="stocking",
        ),
    ),
    ClinicalCase(
        "compartment syndrome: tibial fracture in a cast, pain out of proportion, numb first web space",
        cause="compartment-syndrome",
        level="peroneal",
        disposition="emergency",
        answers=_patient(
            side="left",
            onset="sudden",
            compartment_signs=True,
            cast_or_tight_brace=True,
            **_exam(dorsiflexion=2, eversion=5, inversion=5, hip_abduction=5),
            sensory_loss="first_web_space",
        ),
    ),
]

# --- The revised triage rules: at least two cases for each class. ---
REVISED_CASES = [
    # Rule 1: emergencies from patterns, whatever the boxes say.
    ClinicalCase(
        "GBS with no box ticked: both legs weaker over two days, ankle reflexes gone, knee reflexes reduced",
        cause="guillain-barre-syndrome",
        level="polyneuropathy",
        disposition="emergency",
        answers=_patient(
            side="both",
            onset="days",
            course="worsening",
            **_exam(dorsiflexion=3, eversion=3, hip_abduction=4),
            ankle_reflex="absent",
            knee_reflex="reduced",
        ),
        rules=("guillain_barre_pattern",),
        first_action="breathing",
    ),
    ClinicalCase(
        "GBS with the box answered no: both legs over days after diarrhoea, course not recorded, reflexes absent",
        cause="guillain-barre-syndrome",
        level="polyneuropathy",
        disposition="emergency",
        answers=_patient(
            side="both", onset="days", ascending_weakness=False, ankle_reflex="absent", knee_reflex="absent"
        ),
        rules=("guillain_barre_pattern",),
    ),
    ClinicalCase(
        "myelitis: both legs over three days, brisk knees, Babinski and a sensory level at the navel",
        cause="spinal-cord-compression",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(
            side="both",
            onset="days",
            knee_reflex="brisk",
            babinski="present",
            sensory_level="yes",
            **_exam(dorsiflexion=4),
        ),
        rules=("spinal_cord_pattern", "whole_spine_scan"),
        scan="whole spine",
    ),
    ClinicalCase(
        "cord compression in one leg: Babinski, new urinary retention, getting worse over weeks",
        cause="spinal-cord-compression",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(side="left", onset="gradual", course="worsening", babinski="present", bladder_bowel=True),
        rules=("spinal_cord_pattern", "whole_spine_scan"),
        scan="whole spine",
        first_action="999",
    ),
    ClinicalCase(
        "sensory level without brisk reflexes: right foot drop over days, numb below a line on the chest",
        cause="spinal-cord-compression",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(
            side="right", onset="days", sensory_level="yes", **_exam(dorsiflexion=3), ankle_reflex="normal"
        ),
        rules=("spinal_cord_pattern",),
    ),
    ClinicalCase(
        "fibular fracture two days ago: recent injury ticked, peroneal pattern",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="emergency",
        answers=_patient(
            side="left",
            onset="days",
            recent_leg_injury=True,
            knee_surgery_or_injury=True,
            **_exam(dorsiflexion=2, eversion=2, inversion=5, hip_abduction=5),
        ),
        rules=("red_flag_recent_leg_injury",),
        first_action="foot pulses",
    ),
    ClinicalCase(
        "knee replacement, timing not asked: foot drop over a day or two, Tinel sign at the fibular head",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="emergency",
        answers=_patient(
            side="right",
            onset="days",
            knee_surgery_or_injury=True,
            **_exam(dorsiflexion=3, eversion=3, inversion=5, hip_abduction=5),
            fibular_tinel="yes",
        ),
        rules=("possible_recent_leg_injury",),
    ),
    ClinicalCase(
        "old knee injury, recent injury asked and answered no: foot drop over days",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="urgent",
        answers=_patient(
            side="right",
            onset="days",
            course="stable",
            knee_surgery_or_injury=True,
            recent_leg_injury=False,
            **_exam(dorsiflexion=4, eversion=4, inversion=5, hip_abduction=5),
        ),
        not_rules=("possible_recent_leg_injury",),
    ),
    ClinicalCase(
        "psoas bleed: on apixaban, groin pain since yesterday, hip and knee weak, knee reflex reduced",
        cause="lumbosacral-plexopathy",
        level="plexus",
        disposition="emergency",
        answers=_patient(
            side="left",
            onset="days",
            anticoagulant_pain=True,
            **_exam(dorsiflexion=3, hip_abduction=3, knee_flexion=4),
            knee_reflex="reduced",
        ),
        rules=("red_flag_anticoagulant_pain",),
        first_action="blood thinner",
    ),
    ClinicalCase(
        "bleed or stroke: on warfarin, sudden back pain and foot drop an hour ago, nothing examined",
        cause="lumbosacral-plexopathy",
        level="plexus",
        disposition="emergency",
        answers=_patient(side="right", onset="sudden", anticoagulant_pain=True, last_known_well=_hours_ago(1)),
        rules=("red_flag_anticoagulant_pain", "sudden_onset_stroke", "one_first_action"),
        first_action="suspected stroke; suspected bleed behind the abdomen",
    ),
    # Rule 2: sudden onset has a cause.
    ClinicalCase(
        "fall from a ladder: sudden weakness of both legs, brisk knees, spine injured",
        cause="spinal-cord-injury",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(side="both", onset="sudden", spinal_trauma=True, knee_reflex="brisk"),
        rules=("sudden_onset_after_injury", "red_flag_spinal_trauma"),
        not_rules=("sudden_onset_stroke", "last_known_well"),
        first_action="keep the spine still",
    ),
    ClinicalCase(
        "tibial fracture in a cast: sudden foot drop, pain on stretching the toes, numb first web space",
        cause="compartment-syndrome",
        level="peroneal",
        disposition="emergency",
        answers=_patient(
            side="left",
            onset="sudden",
            compartment_signs=True,
            recent_leg_injury=True,
            cast_or_tight_brace=True,
            **_exam(dorsiflexion=2),
            sensory_loss="first_web_space",
        ),
        rules=("sudden_onset_after_injury",),
        not_rules=("sudden_onset_stroke",),
        first_action="999",
    ),
    ClinicalCase(
        "stroke signs after a leg operation: sudden foot drop and slurred speech the day after a hip replacement",
        cause="stroke",
        level="central",
        disposition="emergency",
        answers=_patient(
            side="right", onset="sudden", recent_leg_injury=True, stroke_signs=True, hip_surgery_or_injection=True
        ),
        rules=("red_flag_stroke_signs", "red_flag_recent_leg_injury", "one_first_action"),
        first_action="suspected stroke",
    ),
    ClinicalCase(
        "wake-up foot drop: last seen well at bedtime 9 hours ago, nothing else recorded",
        cause="stroke",
        level="unknown",
        disposition="emergency",
        answers=_patient(side="left", onset="sudden", last_known_well=_hours_ago(9)),
        rules=("sudden_onset_stroke", "last_known_well"),
        first_action="Call 999",
    ),
    # Rules 3 and 4: one first action, and the clock.
    ClinicalCase(
        "stroke and cauda equina at once: sudden foot drop with new urinary retention, well 2 hours ago",
        cause="stroke",
        level="nerve_root",
        disposition="emergency",
        answers=_patient(side="left", onset="sudden", bladder_bowel=True, last_known_well=_hours_ago(2)),
        rules=("one_first_action", "last_known_well", "lumbar_spine_scan"),
        first_action="tell them: suspected stroke; suspected cauda equina syndrome",
        scan="lumbar spine",
    ),
    ClinicalCase(
        "abscess and Guillain-Barré suspected: fever with back pain, weakness climbing both legs",
        cause="guillain-barre-syndrome",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(side="both", onset="days", fever_back_pain=True, ascending_weakness=True),
        rules=("one_first_action", "whole_spine_scan"),
        first_action="Call 999",
        scan="whole spine",
    ),
    # Rule 5: which scan.
    ClinicalCase(
        "bladder trouble with brisk reflexes and Babinski: a cord lesion, not the cauda equina",
        cause="spinal-cord-compression",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(side="left", onset="days", bladder_bowel=True, knee_reflex="brisk", babinski="present"),
        rules=("whole_spine_scan",),
        not_rules=("lumbar_spine_scan",),
        scan="whole spine",
    ),
    ClinicalCase(
        "saddle numbness with normal reflexes: the lumbar spine is the scan",
        cause="cauda-equina-syndrome",
        level="nerve_root",
        disposition="emergency",
        answers=_patient(
            side="left", onset="days", saddle_numbness=True, back_pain_radiating=True, ankle_reflex="normal"
        ),
        rules=("lumbar_spine_scan",),
        scan="lumbar spine",
    ),
    # Rule 6: never routine.
    ClinicalCase(
        "new foot drop over days, nothing else answered",
        cause=None,
        level="unknown",
        disposition="urgent",
        answers=_patient(side="left", onset="days"),
        rules=("onset_over_days", "too_little_information"),
    ),
    ClinicalCase(
        "severe L5 weakness coming on gradually: MRC 2 with weak inversion, stable",
        cause="l5-radiculopathy",
        level="nerve_root",
        disposition="urgent",
        answers=_patient(
            side="left",
            onset="gradual",
            course="stable",
            back_pain_radiating=True,
            **_exam(dorsiflexion=2, inversion=3, hip_abduction=4),
            **NO_RED_FLAGS,
        ),
        rules=("severe_weakness_urgent",),
    ),
    ClinicalCase(
        "mild peroneal palsy coming on gradually, fully asked: routine",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="routine",
        answers=_patient(
            side="right",
            onset="gradual",
            course="stable",
            leg_crossing_or_squatting=True,
            **_exam(dorsiflexion=4, eversion=4, inversion=5, hip_abduction=5),
            **NO_RED_FLAGS,
        ),
        not_rules=("red_flags_not_asked", "severe_weakness_urgent"),
    ),
    # Rule 7: a known cause explains old findings.
    ClinicalCase(
        "old stroke: stable spastic right foot drop for three years, brisk ankle and Babinski",
        cause="stroke",
        level="central",
        disposition="routine",
        answers=_patient(
            side="right",
            onset="gradual",
            course="stable",
            previous_stroke=True,
            **_exam(dorsiflexion=3),
            ankle_reflex="brisk",
            babinski="present",
        ),
        rules=("known_cause_explains_old_findings",),
        not_rules=("central_level_urgent",),
    ),
    ClinicalCase(
        "known MS, long-standing and stable: brisk knee reflex, left foot drop for years",
        cause="multiple-sclerosis",
        level="central",
        disposition="routine",
        answers=_patient(side="left", onset="lifelong", course="stable", known_ms=True, knee_reflex="brisk"),
        rules=("known_cause_explains_old_findings",),
    ),
    ClinicalCase(
        "old stroke but getting worse: spastic foot drop now weakening month by month",
        cause="stroke",
        level="central",
        disposition="emergency",  # rule 14 (round 3): a new stroke or a bleed under the skull
        answers=_patient(side="right", onset="gradual", course="worsening", previous_stroke=True, babinski="present"),
        rules=("progressing_central_deficit",),
        not_rules=("known_cause_explains_old_findings",),
    ),
    # Rule 8: known Parkinson's disease.
    ClinicalCase(
        "Parkinson's with a weak foot not localised: dorsiflexion MRC 4, nothing else examined, stable",
        cause="parkinsons-disease",
        level="central",
        disposition="routine",
        answers=_patient(side="left", onset="gradual", course="stable", known_parkinsons=True, **_exam(dorsiflexion=4)),
        rules=("parkinsons_central",),
    ),
    ClinicalCase(
        "Parkinson's with a peroneal palsy: leg crosser, Tinel sign at the fibular head, inversion normal",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="routine",
        answers=_patient(
            side="left",
            onset="gradual",
            course="stable",
            known_parkinsons=True,
            leg_crossing_or_squatting=True,
            **_exam(dorsiflexion=4, eversion=4, inversion=5, hip_abduction=5),
            fibular_tinel="yes",
        ),
        not_rules=("parkinsons_central",),
    ),
    # Rule 9: both legs is not one plexus.
    ClinicalCase(
        "full cauda equina: both legs weak up to the hips, knee reflexes reduced, saddle numbness",
        cause="cauda-equina-syndrome",
        level="nerve_root",
        disposition="emergency",
        answers=_patient(
            side="both",
            onset="days",
            saddle_numbness=True,
            **_exam(dorsiflexion=3, hip_abduction=3, knee_flexion=4),
            knee_reflex="reduced",
        ),
        rules=("level_both_legs_cauda_equina",),
    ),
    ClinicalCase(
        "Guillain-Barré with hip weakness: both legs, weak hips and knees, knee reflexes gone",
        cause="guillain-barre-syndrome",
        level="polyneuropathy",
        disposition="emergency",
        answers=_patient(
            side="both",
            onset="days",
            course="worsening",
            **_exam(dorsiflexion=3, hip_abduction=3, knee_flexion=4),
            knee_reflex="absent",
        ),
        rules=("guillain_barre_pattern", "level_both_legs_guillain_barre"),
    ),
    ClinicalCase(
        "both legs with brisk reflexes and weak hips: the cord, not the plexus",
        cause="spinal-cord-compression",
        level="spinal_cord",
        disposition="emergency",
        answers=_patient(
            side="both", onset="days", **_exam(dorsiflexion=3, hip_abduction=3, knee_flexion=4), knee_reflex="brisk"
        ),
        rules=("spinal_cord_pattern",),
    ),
    # Rule 10: "not asked" is not "no".
    ClinicalCase(
        "peroneal palsy with red flags not asked: routine, and says they were not asked",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="routine",
        answers=_patient(
            side="left",
            onset="gradual",
            course="improving",
            **_exam(dorsiflexion=4, eversion=4, inversion=5, hip_abduction=5),
        ),
        rules=("red_flags_not_asked", "routine"),
    ),
    ClinicalCase(
        "stenosis with every red flag asked: no 'not asked' note",
        cause="spinal-stenosis",
        level="nerve_root",
        disposition="routine",
        answers=_patient(
            side="left",
            onset="gradual",
            course="stable",
            back_pain_radiating=True,
            **_exam(dorsiflexion=4, inversion=4),
            **NO_RED_FLAGS,
        ),
        not_rules=("red_flags_not_asked",),
    ),
    # Rule 11: ranking with little information.
    ClinicalCase(
        "80-year-old with unknown onset and nothing else: too little to rank",
        cause=None,
        level="unknown",
        disposition="urgent",
        answers=_patient(side="right", onset="unknown", date_of_birth="1946-05-01"),
        rules=("too_little_information",),
    ),
    ClinicalCase(
        "muscle pattern in both legs: no compartment syndrome without an injury or cast",
        cause="muscular-dystrophy",
        level="muscle",
        disposition="routine",
        answers=_patient(
            side="both",
            onset="gradual",
            course="stable",
            **_exam(dorsiflexion=4, hip_abduction=4),
            ankle_reflex="normal",
            sensory_loss="none",
        ),
        not_causes=("compartment-syndrome",),
    ),
    ClinicalCase(
        "motor neuron disease with twitching: weak foot, wasting and fasciculations, no sensory loss",
        cause="amyotrophic-lateral-sclerosis",
        level="spinal_cord",
        disposition="urgent",
        answers=_patient(
            side="right",
            onset="gradual",
            course="worsening",
            **_exam(dorsiflexion=3),
            fasciculations="yes",
            sensory_loss="none",
        ),
        rules=("motor_neuron_pattern",),
        not_causes=("spinal-cord-injury",),
    ),
]
CASES += REVISED_CASES
