"""
The clinical audit's figures, read from the database in a fixed number of queries
whatever the number of intakes: emergency door-to-referral times by week, the
emergencies still awaiting a referral, and the triage engine against the diagnoses
confirmed at follow-up.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from causes.models import Level, Urgency
from clinic.rules import title as rule_title
from intake.models import Diagnosis, Disposition, Intake, LesionLevel, Reassessment, SuspectedCause

# Below this many cases a percentage says more about chance than about the engine.
MIN_CASES = 10
# The longest list of emergencies awaiting a referral the page shows (oldest first).
AWAITING_SHOWN = 50

# The intake's level (the engine's words) that counts as right for each cause's level.
LEVEL_MATCHES = {
    Level.BRAIN: (LesionLevel.CENTRAL,),
    Level.SPINAL_CORD: (LesionLevel.CENTRAL, LesionLevel.SPINAL_CORD),
    Level.NERVE_ROOT: (LesionLevel.NERVE_ROOT,),
    Level.PLEXUS: (LesionLevel.PLEXUS,),
    Level.SCIATIC: (LesionLevel.SCIATIC,),
    Level.PERONEAL: (LesionLevel.PERONEAL,),
    Level.POLYNEUROPATHY: (LesionLevel.POLYNEUROPATHY,),
    Level.MUSCLE: (LesionLevel.MUSCLE,),
}


@dataclass(frozen=True)
class Figure:
    """A proportion with the number of cases behind it."""

    label: str
    hits: int
    cases: int

    @property
    def too_few(self) -> bool:
        return self.cases < MIN_CASES

    @property
    def percent(self) -> int | None:
        return round(100 * self.hits / self.cases) if self.cases else None


@dataclass(frozen=True)
class Week:
    """One week's emergency door-to-referral times, in minutes."""

    starts: datetime.date
    referrals: int
    median: float
    centile_90: float
    worst: float


def in_period(start: datetime.date, end: datetime.date) -> Q:
    """Intakes filed from the start of `start` to the end of `end`, in the clinic's time zone."""
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return Q(created_at__gte=since, created_at__lt=until)


def minutes(duration: datetime.timedelta) -> float:
    return duration.total_seconds() / 60


def centile(values: list[float], percent: int) -> float:
    """The nearest-rank centile: a time some patient really waited, never an interpolated one."""
    ordered = sorted(values)
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


def door_to_referral_weeks(start: datetime.date, end: datetime.date) -> list[Week]:
    """Median, 90th centile and worst time from filing to referral, per week; one query."""
    waits = (
        Intake.objects.filter(in_period(start, end), disposition=Disposition.EMERGENCY, referral_made_at__isnull=False)
        .annotate(
            week=TruncWeek("created_at"),
            wait=ExpressionWrapper(F("referral_made_at") - F("created_at"), output_field=DurationField()),
        )
        .order_by()
        .values_list("week", "wait")
    )
    by_week = defaultdict(list)
    for week, wait in waits:
        by_week[timezone.localdate(week) if timezone.is_aware(week) else week.date()].append(minutes(wait))
    return [
        Week(
            starts=week,
            referrals=len(values),
            median=statistics.median(values),
            centile_90=centile(values, 90),
            worst=max(values),
        )
        for week, values in sorted(by_week.items())
    ]


def awaiting_referral(now: datetime.datetime | None = None) -> tuple[list[dict], int]:
    """Emergencies with no referral recorded, longest waiting first, and how many there are; two queries."""
    now = now or timezone.now()
    waiting = Intake.objects.filter(disposition=Disposition.EMERGENCY, referral_made_at__isnull=True)
    shown = [
        {"id": pk, "filed_at": filed_at, "waited": now - filed_at}
        for pk, filed_at in waiting.order_by("created_at").values_list("pk", "created_at")[:AWAITING_SHOWN]
    ]
    return shown, waiting.count()


def level_right() -> Q:
    return Q(
        *(
            Q(outcome__cause__level=cause_level, level__in=intake_levels)
            for cause_level, intake_levels in LEVEL_MATCHES.items()
        ),
        _connector=Q.OR,
    )


def confirmed_causes(start: datetime.date, end: datetime.date):
    """Intakes in the period with a cause confirmed at follow-up, marked with how the engine did."""
    suspected = SuspectedCause.objects.filter(intake=OuterRef("pk"), cause=OuterRef("outcome__cause"))
    return Intake.objects.filter(in_period(start, end), outcome__diagnosis=Diagnosis.CAUSE).annotate(
        in_top_1=Exists(suspected.filter(rank=1)),
        in_top_3=Exists(suspected.filter(rank__lte=3)),
    )


def engine_accuracy(start: datetime.date, end: datetime.date) -> dict:
    """The engine against confirmed diagnoses, overall (one aggregate query) and per rule that fired (one query)."""
    confirmed = confirmed_causes(start, end)
    confirmed_emergency = Q(outcome__cause__urgency=Urgency.EMERGENCY)
    called_emergency = Q(disposition=Disposition.EMERGENCY)
    totals = confirmed.aggregate(
        cases=Count("pk"),
        top_1=Count("pk", filter=Q(in_top_1=True)),
        top_3=Count("pk", filter=Q(in_top_3=True)),
        level=Count("pk", filter=level_right()),
        emergencies=Count("pk", filter=confirmed_emergency),
        caught=Count("pk", filter=confirmed_emergency & called_emergency),
    )
    overall = [
        Figure(_("Confirmed cause ranked first"), totals["top_1"], totals["cases"]),
        Figure(_("Confirmed cause in the first three"), totals["top_3"], totals["cases"]),
        Figure(_("Level right"), totals["level"], totals["cases"]),
        Figure(_("Confirmed emergencies called emergencies (sensitivity)"), totals["caught"], totals["emergencies"]),
    ]
    return {"overall": overall, "per_rule": per_rule_sensitivity(confirmed.filter(confirmed_emergency))}


def per_rule_sensitivity(confirmed_emergencies) -> list[Figure]:
    """
    For each rule that fired on a confirmed emergency: on how many of those the engine said emergency.
    The rule names live in a JSON list, which neither database can group portably, so one query
    reads the lists and they are counted here.
    """
    cases, caught = Counter(), Counter()
    for rules, disposition in confirmed_emergencies.order_by().values_list("rules_fired", "disposition"):
        for rule in set(rules or ()):
            cases[rule] += 1
            caught[rule] += disposition == Disposition.EMERGENCY
    # Clinicians read each rule's title from the rules table; a name the table no longer holds stays as it is.
    return [Figure(_(rule_title(rule)), caught[rule], cases[rule]) for rule in sorted(cases)]


def decisive_answers(start: datetime.date, end: datetime.date) -> dict:
    """
    The first assessment against the final one, for the intakes filed in the period, and how often
    an answer to a decisive question changed the disposition; two aggregate queries.
    """
    answered = Reassessment.objects.filter(intake=OuterRef("pk")).order_by("answered_at", "pk")
    filed = Intake.objects.filter(in_period(start, end))
    intakes = filed.annotate(
        first=Coalesce(Subquery(answered.values("disposition_before")[:1]), F("disposition")),
        was_reassessed=Exists(answered),
    )
    counts = intakes.aggregate(
        **{f"first_{code}": Count("pk", filter=Q(first=code)) for code in Disposition.values},
        **{f"final_{code}": Count("pk", filter=Q(disposition=code)) for code in Disposition.values},
        reassessed=Count("pk", filter=Q(was_reassessed=True)),
    )
    answers = Reassessment.objects.filter(intake__in=filed).aggregate(
        answers=Count("pk"), changed=Count("pk", filter=~Q(disposition_before=F("disposition_after")))
    )
    rows = [
        {"label": label, "first": counts[f"first_{code}"], "final": counts[f"final_{code}"]}
        for code, label in Disposition.choices
    ]
    return {"rows": rows, "reassessed": counts["reassessed"], **answers}


def audit_figures(start: datetime.date, end: datetime.date) -> dict:
    awaiting, awaiting_total = awaiting_referral()
    return {
        "decisive": decisive_answers(start, end),
        "weeks": door_to_referral_weeks(start, end),
        "awaiting": awaiting,
        "awaiting_total": awaiting_total,
        "accuracy": engine_accuracy(start, end),
        "min_cases": MIN_CASES,
    }


def door_to_referral_chart(weeks: list[Week]) -> str:
    """The weekly times as inline SVG markup, or an empty string when there is nothing to draw."""
    if not weeks:
        return ""
    # matplotlib takes about a second to import: only the audit page pays for it, not every process.
    from intake.charts import door_to_referral_svg

    first, last = weeks[0].starts, weeks[-1].starts
    return mark_safe(  # noqa: S308 (matplotlib's own markup, cleaned of styles and scripts; no user text in it)
        door_to_referral_svg(
            weeks,
            labels={"median": _("Median"), "centile_90": _("90th centile"), "worst": _("Worst")},
            title=_("Emergency door-to-referral time by week, in minutes"),
            description=_(
                "Line chart of the median, 90th centile and worst time from filing an emergency intake to "
                "recording its referral, for each week from %(first)s to %(last)s. The same figures are in the "
                "table that follows."
            )
            % {"first": first.isoformat(), "last": last.isoformat()},
            y_label=_("Minutes"),
        )
    )
