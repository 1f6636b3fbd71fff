"""Realistic clinical cases for the triage engine, and the seed causes to rank them against.

Each case is a patient as clinic staff would fill in the intake form: only what was asked
or examined is given (anything left out means "not asked / not tested"). The expected
level follows the bedside localisation table; the expected cause must be in the top 3.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from causes.seed import read_seed_files


def load_causes() -> list[SimpleNamespace]:
    """The seed causes as the seed command reads them, as plain objects (no database)."""
    return [SimpleNamespace(**entry) for entry in read_seed_files()]


@dataclass(frozen=True)
class ClinicalCase:
    description: str
    cause: str
    level: str
    disposition: str
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.description.split(":")[0]


def _patient(**answers: Any) -> dict[str, Any]:
    """Identity fields are always filled in, as the form requires; triage ignores them."""
    return {"patient_name": "Test Patient", "date_of_birth": "1960-01-01", "notes": "", **answers}


def _exam(**grades: int) -> dict[str, int]:
    """MRC grades by short muscle name: _exam(dorsiflexion=3) gives dorsiflexion_mrc=3."""
    return {f"{muscle}_mrc": grade for muscle, grade in grades.items()}


CASES = [
    ClinicalCase(
        "peroneal after weight loss: a leg crosser who lost 12 kg, painless right foot drop over two days",
        cause="common-peroneal-neuropathy",
        level="peroneal",
        disposition="routine",
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
        disposition="routine",
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
        disposition="routine",
        answers=_patient(
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
        disposition="routine",
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
        disposition="routine",
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
            **_exam(dorsiflexion=2, inversion=4, hip_abduction=5, knee_flexion=5),
            ankle_reflex="normal",
            sensory_loss="lateral_calf_and_dorsum",
        ),
    ),
    ClinicalCase(
        "L5 by history only: radiating back pain, dorsiflexion weak, nothing else examined",
        cause="l5-radiculopathy",
        level="nerve_root",
        disposition="routine",
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
        disposition="urgent",
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
        disposition="urgent",
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
        level="unknown",
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
        disposition="urgent",
        answers=_patient(
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
