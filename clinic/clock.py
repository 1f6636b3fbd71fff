"""The clock: when the person was last known to be well, the time rules and the stroke windows.

Rule 12 of the clinical facts: within 24 hours, central signs are the stroke pathway whatever the
onset word; more than 7 days ago with a settled course, time alone no longer makes a 999 call;
in between, a sudden onset is still an emergency, without the countdown. StrokeClock holds the
facts (last known well, the time they are read at, the windows and when they close); the words
and the referral page are both made from it, so they cannot disagree. Times are shown in the
zone of `as_at` (the site passes its local time). Standard library only.
"""

import datetime
from dataclasses import dataclass

STROKE_WINDOWS_HOURS = {"thrombolysis": 4.5, "thrombectomy": 24}
# The 999 stroke pathway's clock; beyond it a sudden onset goes to the emergency department.
STROKE_PATHWAY_HOURS = 24
# Beyond a week, with a stable or improving course, time alone no longer makes it an emergency.
SETTLED_AFTER_HOURS = 7 * 24
ASK_FOR_THE_CLOCK = (
    "Ask when the person was last known to be well and record the clock time: thrombolysis is possible up to "
    "4.5 hours and thrombectomy up to 24 hours after it. Do not wait for it: call 999 now."
)
WINDOW_WORDS = {
    "thrombolysis": "the 4.5-hour window for thrombolysis",
    "thrombectomy": "the 24-hour window for thrombectomy (selected patients)",
}


def hours_since(last_known_well: datetime.datetime | None, now: datetime.datetime) -> float | None:
    """Hours from last known well to now (never negative), or None when it was not recorded."""
    if last_known_well is None:
        return None
    return max((now - last_known_well).total_seconds() / 3600, 0.0)


def duration_words(hours: float) -> str:
    """ "40 min", "2 h 40 min", "3 days 4 h": how long ago, in the words a clinician reads at a glance."""
    minutes = round(hours * 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        whole, rest = divmod(minutes, 60)
        return f"{whole} h {rest} min" if rest else f"{whole} h"
    days, rest = divmod(minutes // 60, 24)
    return f"{days} days {rest} h" if rest else f"{days} days"


@dataclass(frozen=True)
class Window:
    """One treatment window: its name, how long it is, and when it closes."""

    name: str
    hours: float
    closes_at: datetime.datetime

    @property
    def words(self) -> str:
        return WINDOW_WORDS[self.name]


@dataclass(frozen=True)
class StrokeClock:
    """The facts of the stroke clock, read at `as_at`."""

    last_known_well: datetime.datetime | None
    as_at: datetime.datetime

    @property
    def hours(self) -> float | None:
        return hours_since(self.last_known_well, self.as_at)

    @property
    def ago(self) -> str:
        return "" if self.hours is None else duration_words(self.hours)

    @property
    def counting_down(self) -> bool:
        """Within 24 hours: the windows are counted down. Beyond, never a countdown."""
        return self.hours is not None and self.hours <= STROKE_PATHWAY_HOURS

    @property
    def open_windows(self) -> list[Window]:
        if not self.counting_down:
            return []
        windows = [
            Window(name, hours, self.last_known_well + datetime.timedelta(hours=hours))
            for name, hours in STROKE_WINDOWS_HOURS.items()
        ]
        return [window for window in windows if window.closes_at >= self.as_at]

    def words(self) -> str:
        """The clock in one sentence, times in the zone of `as_at`."""
        if self.last_known_well is None:
            return ASK_FOR_THE_CLOCK
        well, now = self._time(self.last_known_well), self._time(self.as_at)
        said = f"Last known well {well}, {self.ago} ago (as at {now})"
        if not self.counting_down:
            return (
                f"{said}: more than 24 hours, so no treatment-window countdown applies; "
                "the stroke team decides on treatment."
            )
        closing = "; ".join(f"{window.words} closes at {self._time(window.closes_at)}" for window in self.open_windows)
        return f"{said}; {closing}. Call 999 now."

    def _time(self, when: datetime.datetime) -> str:
        """ "06:10", or "3 Dec 06:10" when it is not the day of `as_at`."""
        local = when.astimezone(self.as_at.tzinfo)
        return f"{local:%H:%M}" if local.date() == self.as_at.date() else f"{local.day} {local:%b %H:%M}"


def stroke_clock(last_known_well: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """The time since the person was last known to be well, against the stroke treatment windows.

    No countdown once the clock is more than 24 hours old, and never a word that says or implies
    that it is too late.
    """
    return StrokeClock(last_known_well, now or datetime.datetime.now(datetime.UTC)).words()


def last_known_well_fact(last_known_well: datetime.datetime | None, now: datetime.datetime) -> str:
    """The fact the assessment keeps: when the person was last known well, never a countdown that goes stale."""
    if last_known_well is None:
        return ASK_FOR_THE_CLOCK
    when = last_known_well.astimezone(now.tzinfo)
    return (
        f"Last known well at {when.day} {when:%b %Y %H:%M}: the stroke clock counts the time since then against "
        "the treatment windows (thrombolysis up to 4.5 hours, thrombectomy up to 24 hours)."
    )
