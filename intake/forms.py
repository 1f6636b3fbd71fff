"""The intake form (one screen, in the order a clinician works) and the referral record form."""

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

import clinic
from causes.models import Cause
from footdrop_site.forms import CleanTextFormMixin
from intake.models import (
    ANSWER_FIELDS,
    EXAMINATION_FIELDS,
    MAX_AGE_YEARS,
    MRC_FIELDS,
    Diagnosis,
    Intake,
    Onset,
    Outcome,
)

# A clock a few minutes fast on the ward must not reject the time the patient was last known well.
LAST_KNOWN_WELL_CLOCK_SLACK = datetime.timedelta(minutes=10)

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
    "date_of_birth": _("For example, 27 3 1961"),
    "estimated_age": _("Only when the date of birth is not known: age in whole years."),
    "hospital_number": _("Optional."),
    "side": _("Which leg has foot drop."),
    "onset": _("How quickly it came on. Sudden means over minutes to hours."),
    "course": _("Since it started."),
    "notes": _("Anything else that matters. Not shown on shared pages."),
    "fibular_tinel": _("Tingling down the shin when tapping just below the knee, on the outer side."),
    "babinski": _("Big toe goes up when the sole is stroked."),
    "last_known_well": _(
        "For any new foot drop: the clock time the patient was last seen well (on waking or found: when they "
        "were last seen well, or went to sleep). It decides the stroke pathway. Optional."
    ),
    **{name: _(question.help) for name, question in clinic.QUESTIONS.items()},
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


# What to do, in the GOV.UK style, when a required answer is missing.
REQUIRED_MESSAGES = {
    "patient_name": _("Enter the patient's full name"),
    "side": _("Select which leg is affected"),
    "onset": _("Select how quickly the foot drop came on"),
}


class DateOfBirthWidget(forms.MultiWidget):
    """Three boxes, day, month and year, as the NHS asks for a date: no calendar, no guessing the order."""

    template_name = "intake/widgets/date_of_birth.html"
    parts = {"day": _("Day"), "month": _("Month"), "year": _("Year")}

    def __init__(self, attrs=None):
        boxes = {part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}) for part in self.parts}
        super().__init__(boxes, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (part, label) in zip(context["widget"]["subwidgets"], self.parts.items(), strict=True):
            subwidget.update(part=part, label=label)
        return context


class DateOfBirthField(forms.MultiValueField):
    """A date typed as day, month and year, with a message that says which part is wrong."""

    widget = DateOfBirthWidget

    def __init__(self, **kwargs):
        parts = tuple(forms.CharField(required=False) for _part in DateOfBirthWidget.parts)
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        labels = DateOfBirthWidget.parts.values()
        missing = [str(label) for label, part in zip(labels, data_list, strict=True) if not part]
        if missing:
            raise forms.ValidationError(
                _("Date of birth must include a %(parts)s") % {"parts": _(" and ").join(missing).lower()},
                code="incomplete",
            )
        day, month, year = data_list
        if not (re.fullmatch(r"[0-9]{1,2}", day) and re.fullmatch(r"[0-9]{1,2}", month) and year.isascii()):
            raise forms.ValidationError(_("Date of birth must be a real date"), code="invalid")
        if not re.fullmatch(r"[0-9]{4}", year):
            raise forms.ValidationError(_("Enter the year as 4 numbers, for example 1961"), code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(_("Date of birth must be a real date"), code="invalid") from None


def answered_yes(value) -> bool:
    """A yes, whether the form asks with a tick box (True) or a yes / no / not asked choice."""
    return value is True or (isinstance(value, str) and value.lower() in ("yes", "true"))


class IntakeForm(CleanTextFormMixin, forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    date_of_birth = DateOfBirthField(label=_("Date of birth"), required=False, help_text=HELP_TEXTS["date_of_birth"])
    date_of_birth_not_known = forms.BooleanField(label=_("Date of birth not known"), required=False)
    red_flags_all_asked = forms.BooleanField(
        label=_("I asked about every red flag above: record the unticked ones as no"),
        required=False,
        help_text=_("Leave this unticked if some were not asked: they are then recorded as not asked."),
    )

    class Meta:
        model = Intake
        fields = ANSWER_FIELDS
        widgets = {
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
        for name in clinic.RED_FLAGS:
            # A tick per red flag keeps an emergency fast; the confirmation below turns unticked into "no".
            self.fields[name] = forms.BooleanField(
                label=self.fields[name].label, help_text=HELP_TEXTS[name], required=False
            )
        for name in clinic.CHOICES:
            field = self.fields[name]
            field.choices = [choice for choice in field.choices if choice[0] != ""]
            if not isinstance(field.widget, forms.RadioSelect):
                field.choices = [("", _("Not recorded")), *field.choices]
        self.fields["patient_name"].widget.attrs.update({"autocomplete": "off", "autofocus": True})
        self.fields["estimated_age"] = forms.IntegerField(
            label=_("Estimated age in years"),
            help_text=HELP_TEXTS["estimated_age"],
            min_value=0,
            max_value=MAX_AGE_YEARS,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "estimated-age"}),
        )
        for name, field in self.fields.items():
            if not (field.widget.is_hidden or isinstance(field, DateOfBirthField)):
                field.error_messages.update(error_messages(name, field))
        self.helper = intake_form_helper()

    def clean_patient_name(self):
        name = " ".join(self.cleaned_data["patient_name"].split())
        if not name:
            raise forms.ValidationError(REQUIRED_MESSAGES["patient_name"], code="required")
        return name

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is None:
            return None
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("Date of birth must be in the past"), code="future")
        # 29 February has no twin in most years: count from 1 March then.
        anniversary = today if (today.month, today.day) != (2, 29) else today + datetime.timedelta(days=1)
        oldest = anniversary.replace(year=today.year - MAX_AGE_YEARS - 1) + datetime.timedelta(days=1)
        if born < oldest:
            raise forms.ValidationError(
                _("Date of birth must be after %(date)s: check the year") % {"date": f"{oldest:%-d %B %Y}"},
                code="too_old",
            )
        return born

    def clean_last_known_well(self):
        when = self.cleaned_data["last_known_well"]
        if when is not None and when > timezone.now() + LAST_KNOWN_WELL_CLOCK_SLACK:
            raise forms.ValidationError(_("The time last known well cannot be in the future."))
        return when

    def clean(self):
        """
        A red flag ticked is yes; unticked is no only when every red flag was asked, else not asked.
        The date of birth or an estimated age, never both: ticking "not known" sets the boxes aside.
        """
        cleaned = super().clean()
        all_asked = cleaned.get("red_flags_all_asked", False)
        for name in clinic.RED_FLAGS:
            if not cleaned.get(name):
                cleaned[name] = False if all_asked else None
        if cleaned.get("date_of_birth_not_known"):
            self.errors.pop("date_of_birth", None)
            cleaned["date_of_birth"] = None
            if cleaned.get("estimated_age") is None and "estimated_age" not in self.errors:
                self.add_error("estimated_age", _("Enter the patient's estimated age in years, for example 70"))
        else:
            self.errors.pop("estimated_age", None)
            cleaned["estimated_age"] = None
            if cleaned.get("date_of_birth") is None and "date_of_birth" not in self.errors:
                self.add_error(
                    "date_of_birth", _("Enter the patient's date of birth, or tick “Date of birth not known”")
                )
        return cleaned

    def answers(self) -> dict:
        """The cleaned answers, keyed by field name, as the triage engine reads them."""
        return {name: value for name, value in self.cleaned_data.items() if name in ANSWER_FIELDS}

    def emergency_answers(self) -> list[str]:
        """
        The answers that make this an emergency whatever else the form says (sudden onset, any
        red flag answered yes), read from the answers that are valid even when others are not.
        """
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        found = [_("Sudden onset")] if cleaned.get("onset") == Onset.SUDDEN else []
        found += [self.fields[name].label for name in clinic.RED_FLAGS if answered_yes(cleaned.get(name))]
        return found


def error_messages(name: str, field: forms.Field) -> dict:
    """Each message says what to do, in the GOV.UK style, naming the answer it is about."""
    label = str(field.label)
    messages = {
        "invalid_choice": format_lazy(_("Select one of the choices for {}"), label.lower()),
        "max_length": format_lazy(_("{} must be %(limit_value)d characters or fewer"), label),
        "null_characters_not_allowed": format_lazy(_("Remove the null character from {}"), label.lower()),
        "invalid": format_lazy(_("Enter {} as a whole number, for example 70"), label.lower()),
        "max_value": format_lazy(_("{} must be %(limit_value)s or less"), label),
        "min_value": format_lazy(_("{} must be %(limit_value)s or more"), label),
    }
    if name in REQUIRED_MESSAGES:
        messages["required"] = REQUIRED_MESSAGES[name]
    return messages


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
            Row(Column("patient_name", css_class="col-md-6")),
            Row(
                Column("date_of_birth", css_class="col-md-6"),
                Column("date_of_birth_not_known", "estimated_age", css_class="col-md-6 date-not-known"),
            ),
            Row(Column("hospital_number", css_class="col-md-6")),
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
                columns(clinic.RED_FLAGS, 6),
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
        Fieldset(_("History"), columns(clinic.HISTORY, 4)),
        Fieldset(
            _("Examination"),
            hint(_("Leave anything not examined as not tested.")),
            columns(EXAMINATION_FIELDS, 4),
        ),
        Fieldset(_("Notes"), "notes"),
    )
    return helper


class ReferralForm(CleanTextFormMixin, forms.Form):
    """
    Where the patient was referred: one button per destination of the intake's own pathways
    (the button's value is the destination), or somewhere else, typed.
    """

    OTHER = "other"

    destination = forms.CharField(
        label=_("Referred to"),
        max_length=200,
        error_messages={"required": _("Choose where the patient was referred")},
    )
    other_destination = forms.CharField(
        label=_("Somewhere else"),
        max_length=200,
        required=False,
        help_text=_("For example: the on-call spinal team at another hospital."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who took the referral, any reference number."),
    )

    def __init__(self, *args, destinations, **kwargs):
        super().__init__(*args, **kwargs)
        self.destinations = list(destinations)
        for name, field in self.fields.items():
            field.error_messages.update(error_messages(name, field) | {"required": field.error_messages["required"]})

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("destination")
        other = " ".join(cleaned.get("other_destination", "").split())
        if chosen == self.OTHER:
            if other:
                cleaned["destination"] = other
            else:
                self.add_error("other_destination", _("Enter where the patient was referred"))
        elif chosen is not None and chosen not in self.destinations:
            self.add_error("destination", _("Choose one of the destinations listed, or enter somewhere else"))
        elif chosen is not None and other:
            # Enter in the "somewhere else" box presses the first button: never record the wrong place.
            self.add_error(
                "other_destination",
                _("To record this place press “Record referral elsewhere”, or clear this box to choose a listed one"),
            )
        return cleaned


class OutcomeForm(CleanTextFormMixin, forms.ModelForm):
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


class AuditPeriodForm(CleanTextFormMixin, forms.Form):
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
