"""The clock: hours since the person was last known to be well, the time rules and the stroke windows.

Rule 12 of the clinical facts: within 24 hours, central signs are the stroke pathway whatever the
onset word; more than 7 days ago with a settled course, time alone no longer makes a 999 call;
in between, a sudden onset is still an emergency, without the countdown. Standard library only.
"""

import datetime

STROKE_WINDOWS_HOURS = {"thrombolysis": 4.5, "thrombectomy": 24}
# The 999 stroke pathway's clock; beyond it a sudden onset goes to the emergency department.
STROKE_PATHWAY_HOURS = 24
# Beyond a week, with a stable or improving course, time alone no longer makes it an emergency.
SETTLED_AFTER_HOURS = 7 * 24


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


def stroke_clock(last_known_well: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """The time since the person was last known to be well, against the stroke treatment windows.

    No countdown once the clock is more than 24 hours old: the windows are not counted down any
    more, and the words never say or imply that it is too late.
    """
    if last_known_well is None:
        return (
            "Ask when the person was last known to be well and record the clock time: thrombolysis is possible up to "
            "4.5 hours and thrombectomy up to 24 hours after it. Do not wait for it: call 999 now."
        )
    hours = hours_since(last_known_well, now or datetime.datetime.now(datetime.UTC))
    ago = duration_words(hours)
    if hours > STROKE_PATHWAY_HOURS:
        return (
            f"Last known well {ago} ago, more than 24 hours: no treatment-window countdown applies; "
            "the stroke team decides on treatment."
        )
    if hours <= STROKE_WINDOWS_HOURS["thrombolysis"]:
        within = "within the windows for thrombolysis (4.5 hours) and thrombectomy (24 hours)"
    else:
        within = "within the window for thrombectomy (up to 24 hours, selected patients)"
    return f"Last known well {ago} ago: {within}. Call 999 now."
