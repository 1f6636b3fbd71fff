"""Localisation: the ordered decision tree that finds the likely level of the lesion.

It stays code because its order matters: the examination decides first, the more proximal and
dangerous level wins a conflict, and red flags and history only suggest a level when the
examination localises nothing. Each finding it can make has a rule of its own in the rules
table (clinic.rules), with a title. Standard library only.
"""

from clinic.answers import Answers
from clinic.vocabulary import LEVEL_WORDS, MUSCLES, QUESTIONS, SENSORY_WORDS, and_list, sentence

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

# A finding of the tree: (its name, the level it points to, its reason).
Finding = tuple[str, str, str]


def guillain_barre_pattern(intake: Answers) -> dict[str, str] | None:
    """Both legs, over hours to days (or not known when), not improving, reflexes reduced or lost.

    A stable course does not rule it out: Guillain-Barré syndrome can progress for up to 4 weeks (rule 15).
    """
    lost = intake.reflexes_lost()
    recent = intake.onset not in ("gradual", "lifelong")
    if intake.side != "both" or not recent or intake.course == "improving" or not lost:
        return None
    return {"reflexes": and_list(lost)}


def motor_neuron_pattern(intake: Answers) -> dict[str, str] | None:
    """Weakness without sensory loss, with mixed brisk and lost reflexes or with twitching and wasting."""
    if not intake.any_weak() or intake.choice("sensory_loss") not in ("none", None):
        return None
    reflexes = {intake.choice("ankle_reflex"), intake.choice("knee_reflex")}
    mixed = "brisk" in reflexes and bool(reflexes & {"reduced", "absent"})
    twitching = intake.choice("fasciculations") == "yes"
    if not (mixed or twitching):
        return None
    return {"signs": "twitching or wasting" if twitching else "both brisk and reduced reflexes"}


def localise(intake: Answers) -> tuple[str, list[Finding]]:
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
        return "unknown", [("level_unknown", "unknown", _unknown_reason(intake))]
    return _resolve(findings, intake.side == "both")


def _resolve(findings: list[Finding], both_legs: bool) -> tuple[str, list[Finding]]:
    """Keep the most proximal, most dangerous level, and say so when findings disagree."""
    levels = sorted({level for _rule, level, _reason in findings}, key=LEVEL_PRECEDENCE.index)
    if both_legs and levels[0] == "plexus":
        # Rule 9: both legs is never one plexus; the roots are the nearest level that fits.
        levels = sorted({*levels[1:], "nerve_root"}, key=LEVEL_PRECEDENCE.index)
    fired = list(findings)
    if len(levels) > 1:
        named = and_list([LEVEL_WORDS[level] for level in levels])
        fired.append(
            (
                "level_conflict",
                levels[0],
                f"Findings point to more than one level ({named}): the more proximal and dangerous one, "
                f"{LEVEL_WORDS[levels[0]]}, is kept.",
            )
        )
    return levels[0], fired


def _central_findings(intake: Answers) -> list[Finding]:
    """Upper motor neuron signs, a sensory level, stroke signs and spinal injury: brain or spinal cord."""
    findings = []
    signs = intake.upper_motor_neuron_signs()
    if signs:
        findings.append(_upper_motor_neuron_finding(intake, and_list(signs)))
    elif motor_neuron_pattern(intake):
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


def _upper_motor_neuron_finding(intake: Answers, signs: str) -> Finding:
    if motor_neuron_pattern(intake):
        return (
            "level_anterior_horn",
            "spinal_cord",
            sentence(
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
            sentence(f"{signs}, with {and_list(context)}: the spinal cord is the likely level."),
        )
    return (
        "level_central",
        "central",
        sentence(f"{signs}: upper motor neuron signs point to the brain or spinal cord."),
    )


def _both_legs_pattern(intake: Answers) -> Finding | None:
    """Symmetrical patterns of both legs: never one plexus (rule 9)."""
    if intake.side != "both":
        return None
    return _both_legs_roots(intake) or _both_legs_nerves_or_muscles(intake)


def _both_legs_roots(intake: Answers) -> Finding | None:
    """Both legs with saddle or sphincter signs, or new with radiating back pain: the cauda equina's roots."""
    if intake.yes("saddle_numbness") or intake.yes("bladder_bowel"):
        return (
            "level_both_legs_cauda_equina",
            "nerve_root",
            (
                "Both legs are affected with saddle numbness or sphincter trouble: the nerve roots of the cauda "
                "equina, not one plexus."
            ),
        )
    new = intake.onset not in ("gradual", "lifelong")
    if new and intake.yes("back_pain_radiating") and not intake.yes("ascending_weakness"):
        return (
            "level_both_legs_back_pain",
            "nerve_root",
            (
                "Both legs are affected, with back pain spreading down the leg: the nerve roots of the cauda equina "
                "(Guillain-Barré syndrome also strikes the roots), not one plexus."
            ),
        )
    return None


def _both_legs_nerves_or_muscles(intake: Answers) -> Finding | None:
    """Both legs: Guillain-Barré syndrome, a polyneuropathy, a muscle disease, or several roots."""
    ankle = intake.choice("ankle_reflex")
    sensory = intake.choice("sensory_loss")
    lost = intake.reflexes_lost()
    if lost and (intake.yes("ascending_weakness") or guillain_barre_pattern(intake)):
        return (
            "level_both_legs_guillain_barre",
            "polyneuropathy",
            sentence(
                f"Both legs are affected, {and_list(lost)} and the weakness is spreading: the nerve roots and nerves "
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


def _limb_pattern(intake: Answers) -> Finding | None:
    """The bedside table for one leg: hip abduction, knee flexion, inversion, then plantarflexion."""
    if intake.weak("hip_abduction_mrc"):
        return _hip_abduction_pattern(intake)
    if intake.weak("knee_flexion_mrc"):
        # Untested hip abduction still reads as sciatic (urgent), never as the routine L5 root.
        hip = "normal" if intake.normal("hip_abduction_mrc") else "not tested"
        return (
            "level_sciatic",
            "sciatic",
            sentence(
                f"{intake.weakness('knee_flexion_mrc')} and hip abduction is {hip}: this points to the sciatic nerve."
            ),
        )
    if intake.weak("inversion_mrc") and not _inversion_relatively_spared(intake):
        return (
            "level_l5_root",
            "nerve_root",
            sentence(
                f"{intake.weakness('inversion_mrc')}: this points to the L5 nerve root rather than the peroneal nerve."
            ),
        )
    if intake.weak("plantarflexion_mrc") and (intake.weak("dorsiflexion_mrc") or intake.weak("eversion_mrc")):
        return (
            "level_sciatic",
            "sciatic",
            sentence(
                f"{intake.weakness('plantarflexion_mrc')} as well as foot lifting: weakness in both the peroneal "
                "and the tibial territories points to the sciatic nerve."
            ),
        )
    return _peroneal_pattern(intake)


def _hip_abduction_pattern(intake: Answers) -> Finding:
    """Weak hip abduction: the L5 root alone, several roots with sciatica (rule 20), or the plexus."""
    wider = [intake.weakness("knee_flexion_mrc")] if intake.weak("knee_flexion_mrc") else []
    if intake.choice("knee_reflex") in ("reduced", "absent"):
        wider.append(f"the knee reflex is {intake.choice('knee_reflex')}")
    if wider and _several_roots(intake):
        return (
            "level_several_roots",
            "nerve_root",
            sentence(
                f"{intake.weakness('hip_abduction_mrc')} and {and_list(wider)}, with back pain spreading down "
                "the leg: disease of several nerve roots (as in spinal stenosis), not the plexus."
            ),
        )
    if wider:
        return (
            "level_plexus",
            "plexus",
            sentence(
                f"{intake.weakness('hip_abduction_mrc')} and {and_list(wider)}: weakness beyond "
                "the L5 root's territory points to the lumbosacral plexus."
            ),
        )
    return (
        "level_l5_root",
        "nerve_root",
        sentence(
            f"{intake.weakness('hip_abduction_mrc')}: this points to the L5 nerve root rather than "
            "the peroneal or sciatic nerve."
        ),
    )


def _peroneal_pattern(intake: Answers) -> Finding | None:
    """Weak foot lifting with inversion and hip abduction spared, or a clue at the fibular head."""
    weak = [intake.weakness(name) for name in ("dorsiflexion_mrc", "eversion_mrc") if intake.weak(name)]
    if not weak:
        return None
    clues = []
    if intake.choice("fibular_tinel") == "yes":
        clues.append("a Tinel sign at the fibular head")
    if intake.choice("sensory_loss") in ("dorsum_foot", "first_web_space"):
        clues.append(f"numbness of {SENSORY_WORDS[intake.choice('sensory_loss')]}")
    relative = _inversion_relatively_spared(intake)
    spared = (intake.normal("inversion_mrc") or relative) and intake.normal("hip_abduction_mrc")
    if not (spared or clues):
        return None
    if relative and spared:
        basis = (
            f"inversion (MRC {intake.mrc('inversion_mrc')}) is relatively spared, at least two grades stronger, "
            "and hip abduction is normal"
        )
    elif spared:
        basis = "inversion and hip abduction are normal"
    else:
        basis = "inversion or hip abduction was not tested"
    support = f", supported by {and_list(clues)}" if clues else ""
    return (
        "level_peroneal",
        "peroneal",
        sentence(
            f"{and_list(weak)} while {basis}{support}: this points to the common peroneal nerve at the fibular head."
        ),
    )


def _inversion_relatively_spared(intake: Answers) -> bool:
    """Rule 19: inversion at least two grades stronger than dorsiflexion points to the peroneal nerve."""
    inversion, dorsiflexion = intake.mrc("inversion_mrc"), intake.mrc("dorsiflexion_mrc")
    return inversion is not None and dorsiflexion is not None and inversion >= dorsiflexion + 2


def _several_roots(intake: Answers) -> bool:
    """Rule 20: radiating back pain, and nothing that points to the plexus (a bleed, diabetes with weight loss)."""
    plexus = intake.yes("anticoagulant_pain") or (intake.yes("diabetes") and intake.yes("recent_weight_loss"))
    return intake.yes("back_pain_radiating") and not plexus


def _clue_findings(intake: Answers) -> list[Finding]:
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


def _unknown_reason(intake: Answers) -> str:
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
