"""The emergency pathways: the suspicion, where to send the patient, how fast, and the referral steps.

Standard library only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


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
# Every pathway's destination is an instruction: it starts with one of these verbs (a test checks).
FIRST_ACTION_VERBS = ("Call", "Send")
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
    "Send the patient to the emergency department now and call the on-call spinal surgeon",
    "Now",
    ("cauda-equina-syndrome",),
    LUMBAR_SPINE_MRI,
    place="Emergency department, on-call spinal surgical team",
)
GUILLAIN_BARRE_PATHWAY = Pathway(
    "Guillain-Barré syndrome",
    "Send the patient to the emergency department now; call 999 for an ambulance if breathing or swallowing is "
    "affected",
    "Now: check breathing (a single-breath count or FVC); the weakness can reach the breathing muscles. "
    "Never send home",
    ("guillain-barre-syndrome",),
    place=EMERGENCY_DEPARTMENT,
)
COMPARTMENT_PATHWAY = Pathway(
    "anterior compartment syndrome",
    "Send the patient to the emergency department now or call the on-call orthopaedic surgeon; split any cast "
    "down to the skin, padding included, and keep the leg at the level of the heart",
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
    "Send the patient to the emergency department now",
    "Now",
    ("spinal-cord-compression",),
    WHOLE_SPINE_MRI,
    place=EMERGENCY_DEPARTMENT,
)
SPINAL_METASTASIS_PATHWAY = Pathway(
    "metastatic spinal cord compression",
    "Call the acute oncology team or the metastatic spinal cord compression coordinator now",
    "Now: within 24 hours, at once when the leg is weak",
    ("spinal-cord-compression",),
    WHOLE_SPINE_MRI,
    place="Acute oncology, spinal cord compression coordinator",
)
CORD_PATHWAY = Pathway(
    "spinal cord compression or myelitis",
    "Send the patient to the emergency department now and call the on-call spinal team",
    "Now",
    ("spinal-cord-compression", "multiple-sclerosis"),
    WHOLE_SPINE_MRI,
    place="Emergency department, on-call spinal team",
)
LEG_INJURY_PATHWAY = Pathway(
    "nerve or blood vessel injury, compartment syndrome or haematoma after a recent leg injury or operation",
    "Send the patient to the emergency department now or call the on-call orthopaedic team",
    "Now, the same day: check the foot pulses",
    ("compartment-syndrome", "sciatic-neuropathy", "common-peroneal-neuropathy"),
    place="Emergency department or on-call orthopaedic team",
)
BLEED_PATHWAY = Pathway(
    "bleed behind the abdomen (retroperitoneal haematoma) on blood thinners",
    "Send the patient to the emergency department now",
    "Now: tell them which blood thinner the patient takes and when the last dose was",
    ("lumbosacral-plexopathy",),
    place=EMERGENCY_DEPARTMENT,
)
# Rule 12: a sudden onset between 24 hours and 7 days ago, past the 999 stroke clock.
RECENT_STROKE_PATHWAY = Pathway(
    "stroke",
    "Send the patient to the emergency department today, for the stroke team: a stroke in the last few days "
    "still needs admission",
    "Now, the same day: the stroke team decides on treatment and investigations",
    ("stroke",),
    place="Emergency department, stroke team",
)
# Rule 14: a one-sided upper motor neuron deficit coming on over days, or worsening.
PROGRESSING_CENTRAL_PATHWAY = Pathway(
    "progressing stroke, bleed under the skull (subdural haematoma) or spinal cord lesion",
    "Send the patient to the emergency department the same day for a brain scan first",
    "Now, the same day: tell them about any blood thinner and any recent fall or head injury",
    ("stroke", "brain-tumour", "spinal-cord-compression"),
    place="Emergency department, brain scan first",
)
# Rule 21: after an epidural, spinal anaesthetic, lumbar puncture, spinal injection or spinal surgery.
SPINAL_PROCEDURE_PATHWAY = Pathway(
    "spinal epidural haematoma or abscess after a spinal procedure",
    "Send the patient to the emergency department now for the on-call spinal team",
    "Now: an emergency MRI of the whole spine; tell them which procedure and when",
    ("spinal-cord-compression", "cauda-equina-syndrome"),
    WHOLE_SPINE_MRI,
    place="Emergency department, on-call spinal team",
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
ALL_PATHWAYS = (
    *RED_FLAG_PATHWAYS.values(),
    CORD_PATHWAY,
    RECENT_STROKE_PATHWAY,
    PROGRESSING_CENTRAL_PATHWAY,
    SPINAL_PROCEDURE_PATHWAY,
)


@dataclass(frozen=True)
class Referral:
    """One step of an emergency: the first is the one thing to do now."""

    suspect: str
    destination: str
    timeframe: str
    scan: str = ""
    rule: str = ""
    place: str = ""


def referral_steps(fired: Iterable[tuple[str, tuple[Pathway, ...]]], whole_spine: bool) -> tuple[Referral, ...]:
    """The ordered steps: one first action, then each pathway once, in the order the rules fired.

    `fired` gives each emergency rule that fired with its pathways; `whole_spine` turns a lumbar
    scan into a whole-spine scan (upper motor neuron signs, a sensory level, cancer, fever or injury).
    """
    steps: dict[str, Referral] = {}
    for rule, pathways in fired:
        for pathway in pathways:
            if pathway.suspect in steps:
                continue
            scan = WHOLE_SPINE_MRI if pathway.scan and whole_spine else pathway.scan
            steps[pathway.suspect] = Referral(
                pathway.suspect, pathway.destination, pathway.timeframe, scan, rule, pathway.place
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


def named_cause_slugs() -> frozenset[str]:
    """Every cause slug the pathways name: the encyclopedia must keep each (a system check and the admin see to it)."""
    return frozenset(slug for pathway in ALL_PATHWAYS for slug in pathway.causes)


def pathway_causes(suspect: str) -> tuple[str, ...]:
    """The encyclopedia slugs of the causes a referral's suspicion names."""
    return next((pathway.causes for pathway in ALL_PATHWAYS if pathway.suspect == suspect), ())
