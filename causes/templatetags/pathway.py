"""The nerve-pathway picture, used on cause pages and on intake summaries."""

from django import template
from django.utils.translation import gettext_lazy as _

from causes.models import Level

register = template.Library()

STEPS = (
    (Level.BRAIN, _("Brain")),
    (Level.SPINAL_CORD, _("Spinal cord")),
    (Level.NERVE_ROOT, _("Nerve roots (L5)")),
    (Level.PLEXUS, _("Lumbosacral plexus")),
    (Level.SCIATIC, _("Sciatic nerve")),
    (Level.PERONEAL, _("Peroneal nerve")),
    (Level.MUSCLE, _("Muscles that lift the foot")),
)

# Levels that light up more than one step, or have another name in the intake's triage.
HIGHLIGHTS = {
    "central": {Level.BRAIN, Level.SPINAL_CORD},
    Level.POLYNEUROPATHY: {Level.SCIATIC, Level.PERONEAL},
}
LABELS = {**dict(Level.choices), "central": _("Brain or spinal cord (central)")}


@register.inclusion_tag("includes/pathway.html")
def pathway(level: str):
    return {
        "pathway_steps": [(step, label, 10 + 42 * position) for position, (step, label) in enumerate(STEPS)],
        "highlighted_levels": HIGHLIGHTS.get(level, {level}),
        "level_label": LABELS.get(level, ""),
    }
