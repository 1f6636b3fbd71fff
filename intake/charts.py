"""
The audit's door-to-referral chart, drawn on the server by matplotlib as SVG markup that
the strict Content Security Policy allows inline: no script, no <style> element and no
style attribute (matplotlib's inline styles become SVG presentation attributes), with a
title and a description for screen readers.
"""

import io
import math
import re
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 (the backend is chosen before any drawing module loads)

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
# SVG attributes named like the CSS properties matplotlib writes into style="..."
PRESENTATION_ATTRIBUTES = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "font-size",
    "font-family",
    "font-style",
    "font-weight",
    "text-anchor",
    "clip-path",
}
RC = {
    "svg.fonttype": "none",  # text stays text: smaller, and sharp at any size
    "svg.hashsalt": "door-to-referral",  # the same figures give the same markup
    "font.family": "sans-serif",
    "font.size": 11,
}
COLOURS = {"median": "#005eb8", "centile_90": "#7c2855", "worst": "#212b32", "longest_waiting": "#d5281b"}
MARKERS = {"median": "o", "centile_90": "s", "worst": "^", "longest_waiting": "X"}
# Emergencies still waiting are marked on their own, as points: a time still running, not a trend.
LINESTYLES = {"median": "-", "centile_90": "-", "worst": ":", "longest_waiting": "none"}


def door_to_referral_svg(weeks, *, labels: dict[str, str], title: str, description: str, y_label: str) -> str:
    """
    The weekly times as a line chart, one series per key of `labels` (audit.Week's attributes),
    `weeks` oldest first; a week without a figure (too few cases, none waiting) leaves a gap.
    """
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(7.5, 3.6))
        axes = figure.add_subplot()
        dates = [week.starts for week in weeks]
        for series, label in labels.items():
            axes.plot(
                dates,
                [math.nan if getattr(week, series) is None else getattr(week, series) for week in weeks],
                label=str(label),
                color=COLOURS[series],
                marker=MARKERS[series],
                linestyle=LINESTYLES[series],
                # The worst is often the 90th centile too: open markers keep both in sight.
                markerfacecolor="none" if series == "worst" else COLOURS[series],
                markersize=5 if series in ("median", "centile_90") else 9,
            )
        axes.set_xticks(dates, labels=[f"{day.day} {day:%b}" for day in dates])
        axes.set_ylabel(str(y_label))
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#d8dde0")
        axes.legend(loc="upper left", frameon=False)
        figure.autofmt_xdate()
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return csp_clean(buffer.getvalue(), title=title, description=description)


def csp_clean(markup: str, *, title: str, description: str) -> str:
    """The SVG with its styles turned into attributes, no metadata, a fluid size and an accessible name."""
    root = ET.fromstring(markup)  # noqa: S314 (matplotlib's own output, never user input)
    for parent in root.iter():
        for child in list(parent):
            if child.tag in (f"{{{SVG}}}style", f"{{{SVG}}}metadata", f"{{{SVG}}}script"):
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", "")
        for declaration in filter(None, (part.strip() for part in style.split(";"))):
            name, _, value = declaration.partition(":")
            if name.strip() in PRESENTATION_ATTRIBUTES:
                element.set(name.strip(), value.strip())
        # Any other attribute that could carry script goes too.
        for attribute in [name for name in element.attrib if name.lower().startswith("on")]:
            del element.attrib[attribute]
    # What the removed <style> said for every element, said once on the root instead.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for dimension in ("width", "height"):
        root.attrib.pop(dimension, None)
    root.set("role", "img")
    root.set("aria-labelledby", "door-to-referral-title door-to-referral-desc")
    root.set("class", "audit-chart")
    description_element = ET.Element(f"{{{SVG}}}desc", id="door-to-referral-desc")
    description_element.text = str(description)
    title_element = ET.Element(f"{{{SVG}}}title", id="door-to-referral-title")
    title_element.text = str(title)
    root.insert(0, description_element)
    root.insert(0, title_element)
    svg = ET.tostring(root, encoding="unicode")
    return re.sub(r"\s*\n\s*", "\n", svg)
