"""
The NHS care-card pattern: a heading that says the urgency in words (with visually hidden
words for screen readers) and short bullets. A card with no bullets of its own shows the
general advice, so that every cause page always has all three cards.
"""

from django import template
from django.utils.translation import gettext_lazy as _

from causes.models import EmergencyAction

register = template.Library()

KINDS = ("emergency", "urgent", "non-urgent")

GENERAL_BULLETS = {
    "non-urgent": (
        _("you have foot drop that came on slowly, over weeks or months"),
        _("you often trip, or your toes catch on the ground when you walk"),
        _("foot drop has not got better after a few weeks"),
    ),
    "urgent": (
        _("foot drop came on over a few days"),
        _("foot drop is getting worse"),
        _("you do not know when it started"),
    ),
    "emergency": (
        _("foot drop came on suddenly, over minutes or hours"),
        _("the face droops, an arm is weak, speech is slurred, or balance or sight is suddenly lost"),
        _("you have new trouble controlling your bladder or bowels, or numbness around your bottom or genitals"),
        _("weakness is spreading up both legs, or breathing or swallowing is difficult"),
        _("the shin is very painful, tense and swollen after an injury, or inside a plaster cast"),
        _("you have hurt your back or neck, or have back pain with a fever, or new back pain and a history of cancer"),
    ),
}


@register.inclusion_tag("includes/care_card.html")
def care_card(kind: str, bullets=None, action: str = EmergencyAction.CALL_999_OR_AE, stroke_note: bool = False):
    """One care card of `kind` ("emergency", "urgent" or "non-urgent"); no bullets means the general ones."""
    if kind not in KINDS:
        raise template.TemplateSyntaxError(f"Unknown care card kind: {kind!r}")
    return {
        "kind": kind,
        "bullets": list(bullets or GENERAL_BULLETS[kind]),
        "call_999_only": action == EmergencyAction.CALL_999,
        # The general emergency bullets include stroke signs, which need "Call 999" (F.A.S.T.).
        "stroke_note": stroke_note or (kind == "emergency" and not bullets),
    }
