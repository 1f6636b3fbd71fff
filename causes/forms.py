"""The reader-question form, on its own page under each cause article."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from causes.models import QUESTION_MAX_LENGTH, Question
from core.forms import CleanTextFormMixin

# A field people never see; bots that fill in every field give themselves away.
HONEYPOT_FIELD = "website"


class PlainTextField(forms.CharField):
    """Text as typed, with browsers' CRLF line breaks counted as one character, as the textarea counts them."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class QuestionForm(CleanTextFormMixin, forms.ModelForm):
    text = PlainTextField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, up to 2,000 characters. Links are shown as text, not made clickable."),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Question
        fields = ["author_name", "is_anonymous", "text"]
        labels = {
            "author_name": _("Your name"),
            "is_anonymous": _("Post anonymously"),
        }
        help_texts = {
            "author_name": _("Shown with your question. A first name is enough."),
            "is_anonymous": _("Your question will be shown as from “Anonymous” and your name will not be kept."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author_name"].widget.attrs["autocomplete"] = "given-name"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "author_name",
            "is_anonymous",
            "text",
            Field(HONEYPOT_FIELD, wrapper_class="question-form__honeypot"),
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("is_anonymous"):
            # Asked to stay anonymous: do not keep a name typed before the box was ticked.
            cleaned_data["author_name"] = ""
        elif not cleaned_data.get("author_name") and "author_name" not in self.errors:
            self.add_error("author_name", _("Enter your name, or tick “Post anonymously”."))
        return cleaned_data

    def is_bot(self) -> bool:
        """True when the hidden field was filled in: discard the question, but answer as if it were kept."""
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))
