"""
The clinical audit's figures, read from the database in a fixed number of queries
whatever the number of intakes: emergency door-to-referral times by week (an emergency
still awaiting its referral counts as waiting, at least as long as it has waited so far),
the emergencies still awaiting a referral, and the triage against the diagnoses confirmed
at follow-up, per confirmed diagnosis.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from causes.models import Level, Urgency
from clinic.rules import RULES_BY_NAME
from clinic.rules import title as rule_title
from intake.models import Diagnosis, Disposition, Intake, LesionLevel, Reassessment, SuspectedCause

# Below this many cases a percentage says more about chance than about the triage.
MIN_CASES = 10
# A week's centile is shown only from this many emergencies; below, only the count: with three
# cases a "90th centile" is just the worst, and a median of two says little.
CENTILE_MIN_CASES = {50: 5, 90: 10}
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
    """
    One week's emergency door-to-referral times, in minutes. An emergency still awaiting its
    referral counts with the time it has waited so far: its true time is at least that.
    """

    starts: datetime.date
    waits: tuple[float, ...]  # every emergency of the week, referred or not, shortest first
    waiting: int  # of which still awaiting a referral
    longest_waiting: float | None  # the longest current wait among those still waiting

    @property
    def emergencies(self) -> int:
        return len(self.waits)

    @property
    def referrals(self) -> int:
        return self.emergencies - self.waiting

    @property
    def median(self) -> float | None:
        return centile(self.waits, 50) if self.emergencies >= CENTILE_MIN_CASES[50] else None

    @property
    def centile_90(self) -> float | None:
        return centile(self.waits, 90) if self.emergencies >= CENTILE_MIN_CASES[90] else None

    @property
    def worst(self) -> float:
        return self.waits[-1]

    @property
    def worst_is_waiting(self) -> bool:
        """The worst time is one still running: the page says "at least"."""
        return self.longest_waiting is not None and self.longest_waiting >= self.worst


def in_period(start: datetime.date, end: datetime.date) -> Q:
    """Intakes filed from the start of `start` to the end of `end`, in the clinic's time zone."""
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return Q(created_at__gte=since, created_at__lt=until)


def minutes(duration: datetime.timedelta) -> float:
    return duration.total_seconds() / 60


def centile(values, percent: int) -> float:
    """The nearest-rank centile: a time some patient really waited, never an interpolated one."""
    ordered = sorted(values)
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


def door_to_referral_weeks(
    start: datetime.date, end: datetime.date, now: datetime.datetime | None = None
) -> list[Week]:
    """
    Every emergency filed in the period, by the week it was filed: the time from filing to its
    referral, or, still waiting, to `now`; one query.
    """
    now = now or timezone.now()
    emergencies = (
        Intake.objects.filter(in_period(start, end), disposition=Disposition.EMERGENCY)
        .annotate(week=TruncWeek("created_at"))
        .order_by()
        .values_list("week", "created_at", "referral_made_at")
    )
    by_week, waiting = defaultdict(list), defaultdict(list)
    for week, filed_at, referred_at in emergencies:
        day = timezone.localdate(week) if timezone.is_aware(week) else week.date()
        wait = minutes((referred_at or now) - filed_at)
        by_week[day].append(wait)
        if referred_at is None:
            waiting[day].append(wait)
    return [
        Week(
            starts=day,
            waits=tuple(sorted(waits)),
            waiting=len(waiting[day]),
            longest_waiting=max(waiting[day], default=None),
        )
        for day, waits in sorted(by_week.items())
    ]


def is_emergency_rule(name: str) -> bool:
    rule = RULES_BY_NAME.get(name)
    return rule is not None and rule.least == Disposition.EMERGENCY


def awaiting_referral(now: datetime.datetime | None = None) -> tuple[list[dict], int]:
    """Emergencies with no referral recorded, longest waiting first, and how many there are; two queries."""
    now = now or timezone.now()
    waiting = Intake.objects.filter(disposition=Disposition.EMERGENCY, referral_made_at__isnull=True)
    shown = [
        {
            "id": pk,
            "filed_at": filed_at,
            "waited": now - filed_at,
            "why": [rule_title(rule) for rule in rules or () if is_emergency_rule(rule)],
        }
        for pk, filed_at, rules in waiting.order_by("created_at").values_list("pk", "created_at", "rules_fired")[
            :AWAITING_SHOWN
        ]
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


def triage_accuracy(start: datetime.date, end: datetime.date) -> dict:
    """
    The triage against confirmed diagnoses: overall (one aggregate query), then per confirmed
    diagnosis (one query each): of the confirmed emergencies with each cause, how many were called
    emergencies; of the confirmed non-emergency causes, how many were called emergencies when not.
    """
    confirmed = confirmed_causes(start, end)
    confirmed_emergency = Q(outcome__cause__urgency=Urgency.EMERGENCY)
    totals = confirmed.aggregate(
        cases=Count("pk"),
        top_1=Count("pk", filter=Q(in_top_1=True)),
        top_3=Count("pk", filter=Q(in_top_3=True)),
        level=Count("pk", filter=level_right()),
        emergencies=Count("pk", filter=confirmed_emergency),
        caught=Count("pk", filter=confirmed_emergency & CALLED_EMERGENCY),
    )
    overall = [
        Figure(_("Confirmed cause ranked first"), totals["top_1"], totals["cases"]),
        Figure(_("Confirmed cause in the first three"), totals["top_3"], totals["cases"]),
        Figure(_("Level right"), totals["level"], totals["cases"]),
        Figure(_("Confirmed emergencies called emergencies (sensitivity)"), totals["caught"], totals["emergencies"]),
    ]
    return {
        "overall": overall,
        "per_emergency_diagnosis": per_diagnosis(confirmed.filter(confirmed_emergency)),
        "per_other_diagnosis": per_diagnosis(confirmed.exclude(confirmed_emergency)),
    }


CALLED_EMERGENCY = Q(disposition=Disposition.EMERGENCY)


def per_diagnosis(confirmed) -> list[Figure]:
    """For each confirmed cause: how many of its intakes were called emergencies, of how many; one query."""
    rows = (
        confirmed.order_by()
        .values("outcome__cause__name")
        .annotate(cases=Count("pk"), called=Count("pk", filter=CALLED_EMERGENCY))
        .order_by("outcome__cause__name")
    )
    return [Figure(row["outcome__cause__name"], row["called"], row["cases"]) for row in rows]


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


def audit_figures(start: datetime.date, end: datetime.date, now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    awaiting, awaiting_total = awaiting_referral(now)
    weeks = door_to_referral_weeks(start, end, now)
    return {
        "decisive": decisive_answers(start, end),
        "weeks": weeks,
        "waiting_in_weeks": sum(week.waiting for week in weeks),
        "awaiting": awaiting,
        "awaiting_total": awaiting_total,
        "accuracy": triage_accuracy(start, end),
        "centile_min_cases": CENTILE_MIN_CASES,
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
            labels={
                "median": _("Median"),
                "centile_90": _("90th centile"),
                "worst": _("Worst"),
                "longest_waiting": _("Still waiting, at least"),
            },
            title=_("Emergency door-to-referral time by week, in minutes"),
            description=_(
                "Line chart of the median, 90th centile and worst time from filing an emergency intake to "
                "recording its referral, for each week from %(first)s to %(last)s. An emergency still awaiting "
                "its referral counts with the time it has waited so far, and the longest of those is marked on "
                "its own. Emergencies still waiting: %(waiting)s. Median and 90th centile are left out of weeks "
                "with too few emergencies. The same figures are in the table that follows."
            )
            % {"first": first.isoformat(), "last": last.isoformat(), "waiting": sum(week.waiting for week in weeks)},
            y_label=_("Minutes"),
        )
    )
