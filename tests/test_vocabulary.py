"""One clinical vocabulary: the triage engine owns the codes and their words; every copy must match it."""

import pytest
from django.db.models import CheckConstraint

import clinic
from causes.models import Clue, Level, Urgency
from causes.models import OnsetPattern as CauseOnset
from causes.templatetags.pathway import LABELS as PATHWAY_LABELS
from intake import models
from intake.forms import HELP_TEXTS, IntakeForm


def choices(text_choices) -> dict[str, str]:
    return {code: str(label) for code, label in text_choices.choices}


def test_the_encyclopedia_clues_are_the_engine_red_flags_and_history_with_the_same_labels() -> None:
    assert choices(Clue) == {name: clinic.QUESTIONS[name].label for name in (*clinic.RED_FLAGS, *clinic.HISTORY)}


@pytest.mark.parametrize(
    ("text_choices", "vocabulary"),
    [
        (models.Side, clinic.CHOICE_LABELS["side"]),
        (models.Onset, clinic.CHOICE_LABELS["onset"]),
        (models.Course, clinic.CHOICE_LABELS["course"]),
        (models.Reflex, clinic.CHOICE_LABELS["ankle_reflex"]),
        (models.Reflex, clinic.CHOICE_LABELS["knee_reflex"]),
        (models.Babinski, clinic.CHOICE_LABELS["babinski"]),
        (models.SensoryLoss, clinic.CHOICE_LABELS["sensory_loss"]),
        (models.YesNoNotTested, clinic.CHOICE_LABELS["sensory_level"]),
        (models.YesNoNotTested, clinic.CHOICE_LABELS["fasciculations"]),
        (models.YesNoNotTested, clinic.CHOICE_LABELS["fibular_tinel"]),
        (models.Disposition, clinic.DISPOSITION_LABELS),
        (models.LesionLevel, clinic.LEVEL_LABELS),
    ],
)
def test_the_intake_choices_are_the_engine_vocabulary(text_choices, vocabulary) -> None:
    assert choices(text_choices) == vocabulary


@pytest.mark.parametrize(
    ("text_choices", "vocabulary"),
    [
        (Level, clinic.LEVEL_LABELS),
        (CauseOnset, clinic.CHOICE_LABELS["onset"]),
        (Urgency, clinic.DISPOSITION_LABELS),
    ],
    ids=["level", "onset", "urgency"],
)
def test_the_encyclopedia_levels_onsets_and_urgencies_match_the_engine_where_they_overlap(
    text_choices, vocabulary
) -> None:
    shared = choices(text_choices).keys() & vocabulary.keys()
    assert shared, "no code in common"
    assert {code: choices(text_choices)[code] for code in shared} == {code: vocabulary[code] for code in shared}


def test_the_pathway_figure_names_levels_as_the_engine_does() -> None:
    shared = PATHWAY_LABELS.keys() & clinic.LEVEL_LABELS.keys()
    assert "central" in shared
    assert {code: str(PATHWAY_LABELS[code]) for code in shared} == {code: clinic.LEVEL_LABELS[code] for code in shared}


def test_every_engine_answer_is_a_form_field_with_the_engine_label_and_help() -> None:
    form = IntakeForm()
    for name, question in clinic.QUESTIONS.items():
        assert str(form.fields[name].label) == question.label, name
        assert str(form.fields[name].help_text) == question.help == str(HELP_TEXTS[name]), name
    for name, vocabulary in clinic.CHOICE_LABELS.items():
        offered = {code for code, _label in form.fields[name].choices if code}
        assert offered <= set(vocabulary) and offered >= set(clinic.CHOICES[name]), name
    for name in clinic.MUSCLES:
        assert name in form.fields


def test_the_model_stores_red_flags_as_yes_no_or_not_asked_and_history_as_yes_or_no() -> None:
    for name in clinic.RED_FLAGS:
        field = models.Intake._meta.get_field(name)
        assert field.null and field.default is None, name
    for name in clinic.HISTORY:
        field = models.Intake._meta.get_field(name)
        assert not field.null and field.default is False, name
    assert set(clinic.EXAMINATION) <= set(models.ANSWER_FIELDS)


def test_the_red_flag_constraint_is_built_from_the_engine_list() -> None:
    (constraint,) = [
        constraint
        for constraint in models.Intake._meta.constraints
        if constraint.name == "intake_red_flags_and_sudden_onset_are_emergencies"
        and isinstance(constraint, CheckConstraint)
    ]
    assert all(flag in str(constraint.condition) for flag in clinic.RED_FLAGS)
    assert all(onset in str(constraint.condition) for onset in clinic.SUDDEN_ONSETS)
