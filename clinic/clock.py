"""The stroke clock: hours since the person was last known to be well, against the treatment windows.

Standard library only.
"""

import datetime

STROKE_WINDOWS_HOURS = {"thrombolysis": 4.5, "thrombectomy": 24}


def stroke_clock(last_known_well: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """The hours since the person was last known to be well, against the stroke treatment windows."""
    if last_known_well is None:
        return (
            "Ask when the person was last known to be well and record the clock time: thrombolysis is possible up to "
            "4.5 hours and thrombectomy up to 24 hours after it. Do not wait for it: call 999 now."
        )
    now = now or datetime.datetime.now(datetime.UTC)
    hours = max((now - last_known_well).total_seconds() / 3600, 0)
    windows = [name for name, limit in STROKE_WINDOWS_HOURS.items() if hours <= limit]
    if len(windows) == 2:
        within = "within the windows for thrombolysis (4.5 hours) and thrombectomy (24 hours)"
    elif windows:
        within = "within the window for thrombectomy (up to 24 hours, selected patients)"
    else:
        within = "the stroke team still decides on treatment: never assume it is too late"
    return f"Last known well {hours:.1f} hours ago: {within}. Call 999 now."
