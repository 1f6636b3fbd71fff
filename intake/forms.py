"""The intake form (one screen, in the order a clinician works) and the referral record form."""

import datetime
import re

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

import clinic
from causes.models import Cause
from core.forms import CleanTextFormMixin
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
# Older than this before filing is a typing slip (a wrong month or year), not a foot drop that needs the clock.
LAST_KNOWN_WELL_OLDEST = datetime.timedelta(days=30)

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


class DateBoxesWidget(forms.MultiWidget):
    """
    Day, month and year in three boxes, as the NHS asks for a date, and a 24-hour time box when
    a time is needed: no calendar that follows the browser's locale, no guessing the order.
    """

    template_name = "intake/widgets/date_boxes.html"
    date_parts = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
    time_part = {"time": _("Time (24-hour clock)")}

    def __init__(self, attrs=None, *, with_time: bool = False):
        self.parts = {**self.date_parts, **(self.time_part if with_time else {})}
        boxes = {part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}) for part in self.parts}
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            parts = [local.day, local.month, f"{local.year:04d}", f"{local:%H:%M}"]
        elif isinstance(value, datetime.date):
            parts = [value.day, value.month, f"{value.year:04d}", ""]
        else:
            parts = [None] * 4
        return parts[: len(self.parts)]

    def value_from_datadict(self, data, files, name):
        """The boxes; or one ISO value under the field's own name (a link, a bookmark), split into them."""
        if name not in data or any(f"{name}_{part}" in data for part in self.parts):
            return super().value_from_datadict(data, files, name)
        written = data.get(name)
        if not written:
            return [""] * len(self.parts)
        parsed = parse_iso(written)
        # Not a date at all: every box holds the text, and the field says it is not a real date.
        return self.decompress(parsed) if parsed else [str(written)] * len(self.parts)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (part, label) in zip(context["widget"]["subwidgets"], self.parts.items(), strict=True):
            subwidget.update(part=part, label=label)
        return context


def parse_iso(text) -> datetime.date | datetime.datetime | None:
    """A date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM) written the ISO way, else None."""
    if not isinstance(text, str):
        return None
    for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    return None


# Hours and minutes on the 24-hour clock: 14:30, 14.30, 1430 or 9:05.
TIME_PATTERN = re.compile(r"([01]?[0-9]|2[0-3])[:.h]?([0-5][0-9])")


class DateBoxesField(forms.MultiValueField):
    """
    A date typed as day, month and year (and, `with_time`, a 24-hour time), with a message that
    says which part is wrong; a date is never kept without the time it needs, nor a time without its date.
    """

    def __init__(self, *, with_time: bool = False, example_year: int | None = None, **kwargs):
        self.with_time, self.example_year = with_time, example_year
        self.widget = DateBoxesWidget(with_time=with_time)
        parts = tuple(forms.CharField(required=False) for _part in self.widget.parts)
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year, *time = data_list
        label = str(self.label)
        names = DateBoxesWidget.date_parts.values()
        missing = [str(name) for name, part in zip(names, (day, month, year), strict=True) if not part]
        if missing:
            raise forms.ValidationError(
                _("%(label)s must include a %(parts)s")
                % {
                    "label": label,
                    "parts": _(" and ").join(filter(None, [", ".join(missing[:-1]), missing[-1]])).lower(),
                },
                code="incomplete",
            )
        if not (re.fullmatch(r"[0-9]{1,2}", day) and re.fullmatch(r"[0-9]{1,2}", month) and year.isascii()):
            raise forms.ValidationError(_("%(label)s must be a real date") % {"label": label}, code="invalid")
        if not re.fullmatch(r"[0-9]{4}", year):
            raise forms.ValidationError(
                _("Enter the year as 4 numbers, for example %(year)s")
                % {"year": self.example_year or timezone.localdate().year},
                code="invalid_year",
            )
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(_("%(label)s must be a real date") % {"label": label}, code="invalid") from None
        return self.with_clock_time(date, time[0].strip() if time and time[0] else "") if self.with_time else date

    def with_clock_time(self, date: datetime.date, time: str) -> datetime.datetime:
        """The date at the typed time, in the clinic's time zone: a date without its time is refused, never dropped."""
        if not time:
            raise forms.ValidationError(
                _("Enter the time as well as the date, on the 24-hour clock, for example 14:30"), code="no_time"
            )
        match = TIME_PATTERN.fullmatch(time)
        if not match:
            raise forms.ValidationError(
                _("Enter the time on the 24-hour clock, as hours and minutes, for example 14:30"), code="invalid_time"
            )
        clock = datetime.time(int(match[1]), int(match[2]))
        return timezone.make_aware(datetime.datetime.combine(date, clock))


# A red flag's answer as the form sends it, and what it means: "not asked" is an answer, never "no".
RED_FLAG_ANSWERS = {"yes": True, "no": False, "not_asked": None}
# The same answers as other forms of the site have sent them: a tick box ("on"), Django's null boolean.
RED_FLAG_ALIASES = {"on": True, "true": True, "false": False, "unknown": None, "": None}
RED_FLAG_CHOICE = {True: "yes", False: "no", None: "not_asked"}


def red_flag_answer(value) -> str:
    """The choice ("yes", "no", "not_asked") a stored or sent answer stands for; "" for one that is none of them."""
    if value is None or isinstance(value, bool):
        return RED_FLAG_CHOICE[value]
    text = str(value).strip().lower()
    if text in RED_FLAG_ANSWERS:
        return text
    return RED_FLAG_CHOICE[RED_FLAG_ALIASES[text]] if text in RED_FLAG_ALIASES else ""


def answered_yes(value) -> bool:
    """A yes, as the cleaned answer (True) or as sent by the form ("yes", or a tick box's "on")."""
    return red_flag_answer(value) == "yes"


class RedFlagWidget(forms.RadioSelect):
    """Yes / No / Not asked, one answer per red flag; a flag nobody touched shows (and sends) "Not asked"."""

    def __init__(self, attrs=None):
        choices = [("yes", _("Yes")), ("no", _("No")), ("not_asked", _("Not asked"))]
        super().__init__(attrs, choices=choices)

    def format_value(self, value):
        return [red_flag_answer(value) or "not_asked"]


class RedFlagField(forms.NullBooleanField):
    """A red flag: True (yes), False (asked, no) or None (not asked)."""

    widget = RedFlagWidget

    def to_python(self, value):
        answer = red_flag_answer(value)
        if not answer:
            raise forms.ValidationError(
                format_lazy(_("Select yes, no or not asked for {}"), str(self.label).lower()), code="invalid_choice"
            )
        return RED_FLAG_ANSWERS[answer]


class IntakeForm(CleanTextFormMixin, forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    # Required, and marked so like the other required answers; ticking "not known" sets the boxes aside (see clean).
    date_of_birth = DateBoxesField(
        label=_("Date of birth"),
        example_year=1961,
        help_text=HELP_TEXTS["date_of_birth"],
        error_messages={"required": _("Enter the patient's date of birth, or tick “Date of birth not known”")},
    )
    last_known_well = DateBoxesField(
        label=_("Last known well"), with_time=True, required=False, help_text=HELP_TEXTS["last_known_well"]
    )
    date_of_birth_not_known = forms.BooleanField(label=_("Date of birth not known"), required=False)

    class Meta:
        model = Intake
        fields = ANSWER_FIELDS
        widgets = {
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
            # One answer per red flag: yes, no or not asked (the default), so no flag is "no" unless asked.
            self.fields[name] = RedFlagField(label=self.fields[name].label, help_text=HELP_TEXTS[name], required=False)
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
            if not (field.widget.is_hidden or isinstance(field, DateBoxesField)):
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
        now = timezone.now()
        if when is not None and when > now + LAST_KNOWN_WELL_CLOCK_SLACK:
            raise forms.ValidationError(_("The time last known well cannot be in the future."), code="future")
        if when is not None and when < now - LAST_KNOWN_WELL_OLDEST:
            raise forms.ValidationError(
                _("The time last known well must be within the last %(days)d days: check the date")
                % {"days": LAST_KNOWN_WELL_OLDEST.days},
                code="too_old",
            )
        return when

    def clean(self):
        """The date of birth or an estimated age, never both: ticking "not known" sets the boxes aside."""
        cleaned = super().clean()
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
                _("Red flags: answer each one you asked. Any yes makes this an emergency."),
                hint(_("Each starts as “Not asked”: it is recorded so, never as no, until you choose yes or no.")),
                Row(*(Column(InlineRadios(name), css_class="col-md-6") for name in clinic.RED_FLAGS)),
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
        label=_("Note"),
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
                _(
                    "To record this place press “I have referred somewhere else”, "
                    "or clear this box to choose a listed one"
                ),
            )
        return cleaned


class OutcomeForm(CleanTextFormMixin, forms.ModelForm):
    """The diagnosis confirmed at follow-up: a published cause, another diagnosis, or not yet known."""

    class Meta:
        model = Outcome
        fields = ["diagnosis", "cause", "other_diagnosis", "confirmed_on", "confirmed_by"]
        widgets = {"diagnosis": forms.RadioSelect}
        help_texts = {
            "cause": _("When the diagnosis is one of the causes described on this site."),
            "other_diagnosis": _("When the diagnosis is not one of the causes described on this site."),
            "confirmed_by": _("The clinician who confirmed it, with their role."),
        }

    confirmed_on = DateBoxesField(
        label=_("Date confirmed"),
        required=False,
        help_text=_("The day the diagnosis was confirmed, for example after nerve studies or a scan: 14 3 2026."),
    )

    def __init__(self, *args, intake: Intake, **kwargs):
        super().__init__(*args, **kwargs)
        self.intake = intake
        self.fields["diagnosis"].choices = Diagnosis.choices
        self.fields["diagnosis"].error_messages.update(
            required=_("Choose the confirmed diagnosis, or “Not yet known” if it is not confirmed yet"),
            invalid_choice=_("Choose the confirmed diagnosis from the choices given"),
        )
        self.fields["cause"].queryset = Cause.objects.published().order_by("name")
        self.fields["cause"].error_messages["invalid_choice"] = _("Choose a cause from the list")
        self.fields["cause"].empty_label = _("Choose the cause")
        self.helper = outcome_form_helper()

    def clean_confirmed_on(self):
        confirmed_on = self.cleaned_data["confirmed_on"]
        filed = timezone.localdate(self.intake.created_at)
        if confirmed_on and confirmed_on > timezone.localdate():
            raise forms.ValidationError(_("Date confirmed must be today or in the past"), code="future")
        if confirmed_on and confirmed_on < filed:
            raise forms.ValidationError(
                _("Date confirmed must be on or after %(filed)s, the day the intake was filed")
                % {"filed": f"{filed:%-d %B %Y}"},
                code="before_filed",
            )
        return confirmed_on

    def clean(self):
        """Only the answers the chosen diagnosis shows are kept, and only their problems reported."""
        cleaned = super().clean()
        diagnosis = cleaned.get("diagnosis")
        cleaned["other_diagnosis"] = " ".join(cleaned.get("other_diagnosis", "").split())
        cleaned["confirmed_by"] = " ".join(cleaned.get("confirmed_by", "").split())
        for name in OUTCOME_HIDDEN_FIELDS.get(diagnosis, ()):
            self.errors.pop(name, None)
            cleaned[name] = OUTCOME_EMPTY[name]
        if diagnosis not in (Diagnosis.CAUSE, Diagnosis.OTHER):
            return cleaned
        if diagnosis == Diagnosis.CAUSE and not cleaned.get("cause") and "cause" not in self.errors:
            self.add_error("cause", _("Choose the confirmed cause from the list"))
        if diagnosis == Diagnosis.OTHER and not cleaned["other_diagnosis"] and "other_diagnosis" not in self.errors:
            self.add_error("other_diagnosis", _("Enter the other diagnosis, for example lumbar spinal stenosis"))
        if not cleaned.get("confirmed_on") and "confirmed_on" not in self.errors:
            self.add_error("confirmed_on", _("Enter the date the diagnosis was confirmed, for example 14 3 2026"))
        if not cleaned["confirmed_by"]:
            self.add_error("confirmed_by", _("Enter who confirmed the diagnosis, with their role"))
        return cleaned

    def outcome_answers(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


# The answers each diagnosis leaves out: hidden on the page, so never kept nor complained about.
OUTCOME_HIDDEN_FIELDS = {
    Diagnosis.CAUSE: ("other_diagnosis",),
    Diagnosis.OTHER: ("cause",),
    Diagnosis.NOT_YET_KNOWN: ("cause", "other_diagnosis", "confirmed_on", "confirmed_by"),
}
OUTCOME_EMPTY = {"cause": None, "other_diagnosis": "", "confirmed_on": None, "confirmed_by": ""}


def outcome_form_helper() -> FormHelper:
    """
    The diagnosis first; the cause list, the other diagnosis, and the date and who, each shown by the
    stylesheet only once the answer that needs it is chosen (no JavaScript: see `.outcome-form` in site.css).
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(
        "diagnosis",
        Div("cause", css_class="reveal reveal--cause"),
        Div("other_diagnosis", css_class="reveal reveal--other"),
        Div("confirmed_on", "confirmed_by", css_class="reveal reveal--confirmed"),
    )
    return helper


class AuditPeriodForm(CleanTextFormMixin, forms.Form):
    """The audit's date range: the last 12 weeks unless asked otherwise."""

    start = DateBoxesField(label=_("From"), required=False)
    end = DateBoxesField(label=_("To"), required=False)

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
