"""The intake form (one screen, in the order a clinician works) and the referral record form."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from causes.models import Cause
from intake import triage
from intake.models import ANSWER_FIELDS, EXAMINATION_FIELDS, MRC_FIELDS, Diagnosis, Intake, Outcome

MAX_AGE_YEARS = 120

MRC_CHOICES = [
    ("", _("Not tested")),
    (5, _("5 – normal power")),
    (4, _("4 – moves against some resistance")),
    (3, _("3 – moves against gravity only")),
    (2, _("2 – moves with gravity removed")),
    (1, _("1 – flicker of contraction")),
    (0, _("0 – no movement")),
]

HELP_TEXTS = {
    "patient_name": _("As on the hospital record."),
    "date_of_birth": _("Day, month and year, for example 1961-03-27."),
    "hospital_number": _("Optional."),
    "side": _("Which leg has foot drop."),
    "onset": _("How quickly it came on. Sudden means over minutes to hours."),
    "course": _("Since it started."),
    "notes": _("Anything else that matters. Not shown on shared pages."),
    "fibular_tinel": _("Tingling down the shin when tapping just below the knee, on the outer side."),
    "babinski": _("Big toe goes up when the sole is stroked."),
    "stroke_signs": _("Face drooping, arm weakness, slurred speech, sudden loss of balance or sight."),
    "bladder_bowel": _("New retention, incontinence or loss of bowel control."),
    "saddle_numbness": _("Numbness around the anus, genitals or inner thighs."),
    "ascending_weakness": _("Over hours to days; or any trouble breathing or swallowing."),
    "compartment_signs": _(
        "Pain out of proportion, pain on stretching the toes, tense shin; after fracture, crush or cast."
    ),
    "spinal_trauma": _("A fall, collision or other injury to the back or neck."),
    "fever_back_pain": _("Possible spinal abscess, especially after drug use or a spinal procedure."),
    "cancer_back_pain": _("Possible spinal cord compression by a tumour."),
    "back_pain_radiating": _("Pain from the back into the leg, below the knee."),
    "knee_surgery_or_injury": _("Including a fracture of the fibula."),
    "hip_surgery_or_injection": _("Hip replacement, hip fracture or dislocation, injection into the buttock."),
    "leg_crossing_or_squatting": _("Or long kneeling, long bed rest."),
    "recent_weight_loss": _("Thinner padding over the nerve at the knee."),
    "cast_or_tight_brace": _("Or tight boots pressing below the knee."),
    "diabetes": _("Type 1 or type 2."),
    "known_ms": _("Diagnosed multiple sclerosis."),
    "known_parkinsons": _("Diagnosed Parkinson's disease."),
    "previous_stroke": _("Any earlier stroke or TIA."),
    "family_history": _("Relatives with foot drop, high arches or a nerve or muscle disease."),
    "high_arches": _("Often with thin calves."),
    "dorsiflexion_mrc": _("Lifting the foot up."),
    "eversion_mrc": _("Turning the foot outwards."),
    "inversion_mrc": _("Turning the foot inwards: weak in an L5 root lesion, normal in peroneal palsy."),
    "hip_abduction_mrc": _("Moving the leg out to the side: weak in an L5 root lesion."),
    "knee_flexion_mrc": _("Bending the knee: weak in a sciatic nerve lesion."),
    "plantarflexion_mrc": _("Pushing the foot down."),
    "ankle_reflex": _("Brisk reflexes point to the brain or spinal cord."),
    "knee_reflex": _("Compare with the other side."),
    "sensory_loss": _("Where sensation is lost."),
}


class IntakeForm(forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Intake
        fields = ANSWER_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "side": forms.RadioSelect,
            "onset": forms.RadioSelect,
            "course": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = HELP_TEXTS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MRC_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                help_text=HELP_TEXTS[name],
                choices=MRC_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
        for name in (
            "side",
            "onset",
            "course",
            "ankle_reflex",
            "knee_reflex",
            "babinski",
            "sensory_loss",
            "fibular_tinel",
        ):
            field = self.fields[name]
            field.choices = [choice for choice in field.choices if choice[0] != ""]
            if not isinstance(field.widget, forms.RadioSelect):
                field.choices = [("", _("Not recorded")), *field.choices]
        self.fields["patient_name"].widget.attrs.update({"autocomplete": "off", "autofocus": True})
        self.helper = intake_form_helper()

    def clean_patient_name(self):
        name = " ".join(self.cleaned_data["patient_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the patient's name."))
        return name

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age > MAX_AGE_YEARS:
            raise forms.ValidationError(
                _("Check the date of birth: that would make the patient older than %(years)d.")
                % {"years": MAX_AGE_YEARS}
            )
        return born

    def answers(self) -> dict:
        """The cleaned answers, keyed by field name, as the triage engine reads them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "submission_token"}


def hint(text) -> HTML:
    return HTML(format_html('<p class="small mb-2">{}</p>', text))


def columns(fields, width: int) -> Row:
    """Lay the fields out side by side on wide screens, one under the other on a phone."""
    return Row(*(Column(field, css_class=f"col-md-{width}") for field in fields))


def intake_form_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    # The CSRF and submission tokens are the template's, outside the cached blank form.
    helper.disable_csrf = True
    helper.render_hidden_fields = False
    helper.layout = Layout(
        Fieldset(
            _("Patient"),
            Row(
                Column("patient_name", css_class="col-md-6"),
                *(Column(field, css_class="col-md-3") for field in ("date_of_birth", "hospital_number")),
            ),
        ),
        Fieldset(_("Presentation"), columns(("side", "onset", "course"), 4)),
        Div(
            Fieldset(
                _("Red flags: tick any that apply. Each one makes this an emergency."),
                hint(_("Leave unticked if not present or not asked.")),
                columns(triage.RED_FLAGS, 6),
            ),
            css_class="red-flags border border-danger border-2 rounded p-3 mb-3",
        ),
        Fieldset(_("History"), columns(triage.HISTORY, 4)),
        Fieldset(
            _("Examination"),
            hint(_("Leave anything not examined as not tested.")),
            columns(EXAMINATION_FIELDS, 4),
        ),
        Fieldset(_("Notes"), "notes"),
    )
    return helper


class ReferralForm(forms.Form):
    destination = forms.CharField(
        label=_("Referred to"),
        max_length=200,
        help_text=_("For example: ambulance to the hyperacute stroke unit, or the on-call spinal team."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: who took the referral, any reference number."),
    )

    def clean_destination(self):
        destination = " ".join(self.cleaned_data["destination"].split())
        if not destination:
            raise forms.ValidationError(_("Say where the patient was referred."))
        return destination


class OutcomeForm(forms.ModelForm):
    """The diagnosis confirmed at follow-up: a published cause, another diagnosis, or not yet known."""

    class Meta:
        model = Outcome
        fields = ["diagnosis", "cause", "other_diagnosis", "confirmed_on", "confirmed_by"]
        widgets = {
            "diagnosis": forms.RadioSelect,
            "confirmed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "cause": _("When the diagnosis is a cause in the encyclopedia."),
            "other_diagnosis": _("When the diagnosis is not in the encyclopedia."),
            "confirmed_on": _("The day the diagnosis was confirmed, for example after nerve studies or a scan."),
            "confirmed_by": _("The clinician who confirmed it, with their role."),
        }

    def __init__(self, *args, intake: Intake, **kwargs):
        super().__init__(*args, **kwargs)
        self.intake = intake
        self.fields["diagnosis"].choices = Diagnosis.choices
        self.fields["cause"].queryset = Cause.objects.published().order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_confirmed_on(self):
        confirmed_on = self.cleaned_data["confirmed_on"]
        if confirmed_on and confirmed_on > timezone.localdate():
            raise forms.ValidationError(_("The date confirmed cannot be in the future."))
        if confirmed_on and confirmed_on < timezone.localdate(self.intake.created_at):
            raise forms.ValidationError(_("The date confirmed cannot be before the intake was filed."))
        return confirmed_on

    def clean(self):
        cleaned = super().clean()
        diagnosis = cleaned.get("diagnosis")
        cleaned["other_diagnosis"] = " ".join(cleaned.get("other_diagnosis", "").split())
        cleaned["confirmed_by"] = " ".join(cleaned.get("confirmed_by", "").split())
        if diagnosis == Diagnosis.NOT_YET_KNOWN:
            cleaned.update(cause=None, other_diagnosis="", confirmed_on=None)
            return cleaned
        if diagnosis == Diagnosis.CAUSE:
            cleaned["other_diagnosis"] = ""
            if not cleaned.get("cause") and "cause" not in self.errors:
                self.add_error("cause", _("Choose the confirmed cause."))
        if diagnosis == Diagnosis.OTHER:
            cleaned["cause"] = None
            if not cleaned["other_diagnosis"] and "other_diagnosis" not in self.errors:
                self.add_error("other_diagnosis", _("Name the other diagnosis."))
        if diagnosis and not cleaned.get("confirmed_on") and "confirmed_on" not in self.errors:
            self.add_error("confirmed_on", _("Enter the date the diagnosis was confirmed."))
        if diagnosis and not cleaned["confirmed_by"]:
            self.add_error("confirmed_by", _("Say who confirmed the diagnosis."))
        return cleaned

    def outcome_answers(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class AuditPeriodForm(forms.Form):
    """The audit's date range: the last 12 weeks unless asked otherwise."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    DEFAULT_WEEKS = 12
    MAX_DAYS = 3 * 366
    EARLIEST = datetime.date(2000, 1, 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = self.default_period()
        self.initial.setdefault("start", start)
        self.initial.setdefault("end", end)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @classmethod
    def default_period(cls) -> tuple[datetime.date, datetime.date]:
        end = timezone.localdate()
        return end - datetime.timedelta(weeks=cls.DEFAULT_WEEKS), end

    def clean(self):
        cleaned = super().clean()
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        end = cleaned.get("end") or timezone.localdate()
        if not self.EARLIEST <= end <= timezone.localdate():
            self.add_error("end", _("Choose an end date from 2000 on, and not in the future."))
            return cleaned
        start = cleaned.get("start") or end - datetime.timedelta(weeks=self.DEFAULT_WEEKS)
        if start < self.EARLIEST:
            self.add_error("start", _("Choose a start date from 2000 on."))
        elif start > end:
            self.add_error("start", _("The start date must be on or before the end date."))
        elif (end - start).days > self.MAX_DAYS:
            self.add_error("start", _("Choose a period of three years or less."))
        cleaned.update(start=start, end=end)
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The dates chosen, or the default period when the form is not valid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default_period()
