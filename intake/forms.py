"""The intake form (one screen, in the order a clinician works) and the referral record form."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from footdrop_site.forms import CleanTextFormMixin
from intake import triage
from intake.models import ANSWER_FIELDS, EXAMINATION_FIELDS, MRC_FIELDS, Intake

MAX_AGE_YEARS = 120
# A clock a few minutes fast on the ward must not reject the time the patient was last known well.
LAST_KNOWN_WELL_CLOCK_SLACK = timedelta(minutes=10)

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
    "last_known_well": _("For a sudden onset: the clock time the patient was last seen well. Optional."),
    **{name: _(question.help) for name, question in triage.QUESTIONS.items()},
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


class IntakeForm(CleanTextFormMixin, forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    red_flags_all_asked = forms.BooleanField(
        label=_("I asked about every red flag above: record the unticked ones as no"),
        required=False,
        help_text=_("Leave this unticked if some were not asked: they are then recorded as not asked."),
    )

    class Meta:
        model = Intake
        fields = ANSWER_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_known_well": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
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
        for name in triage.RED_FLAGS:
            # A tick per red flag keeps an emergency fast; the confirmation below turns unticked into "no".
            self.fields[name] = forms.BooleanField(
                label=self.fields[name].label, help_text=HELP_TEXTS[name], required=False
            )
        for name in (
            "side",
            "onset",
            "course",
            "ankle_reflex",
            "knee_reflex",
            "babinski",
            "sensory_loss",
            "sensory_level",
            "fasciculations",
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

    def clean_last_known_well(self):
        when = self.cleaned_data["last_known_well"]
        if when is not None and when > timezone.now() + LAST_KNOWN_WELL_CLOCK_SLACK:
            raise forms.ValidationError(_("The time last known well cannot be in the future."))
        return when

    def clean(self):
        """A red flag ticked is yes; unticked is no only when every red flag was asked, else not asked."""
        cleaned = super().clean()
        all_asked = cleaned.get("red_flags_all_asked", False)
        for name in triage.RED_FLAGS:
            if not cleaned.get(name):
                cleaned[name] = False if all_asked else None
        return cleaned

    def answers(self) -> dict:
        """The cleaned answers, keyed by field name, as the triage engine reads them."""
        return {name: value for name, value in self.cleaned_data.items() if name in ANSWER_FIELDS}


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
        Fieldset(
            _("Presentation"),
            columns(("side", "onset", "course"), 4),
            Row(Column("last_known_well", css_class="col-md-6")),
        ),
        Div(
            Fieldset(
                _("Red flags: tick any that apply. Each one makes this an emergency."),
                hint(_("An unticked box is recorded as not asked, unless you tick the confirmation at the end.")),
                columns(triage.RED_FLAGS, 6),
                "red_flags_all_asked",
                # In an emergency the rest can wait: file from here without travelling to the end of the form.
                HTML(
                    format_html(
                        '<button type="submit" class="btn btn-danger mt-2">{}</button>',
                        _("File intake now: the rest can wait"),
                    )
                ),
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


class ReferralForm(CleanTextFormMixin, forms.Form):
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
