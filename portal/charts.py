"""Bar charts drawn on the server as SVG, always with a table that says the same in text.

    chart = BarChart(_("Votes"), series=[("for", _("For")), ("against", _("Against"))],
                     rows=[("Matter A", {"for": 12, "against": 3})])
    {{ chart }}   {# renders <figure> with the SVG, its legend and the data table #}

No JavaScript and nothing from outside the server; the SVG is hidden from screen
readers because the table carries the same numbers.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

# Colours that stay apart for the common colour-vision deficiencies, in series order.
PALETTE = ["#1e6b34", "#a3261b", "#8a8a8a", "#0a4f9e", "#8a5300"]
ROW_HEIGHT = 26
WIDTH = 320


@dataclass
class BarChart:
    title: str
    series: list  # [(key, label)]
    rows: list  # [(label, {key: number})]
    caption: str = ""
    colours: list = field(default_factory=lambda: list(PALETTE))

    @property
    def legend(self):
        return [
            {"label": label, "colour": self.colours[i % len(self.colours)]}
            for i, (_key, label) in enumerate(self.series)
        ]

    @property
    def bars(self):
        """One stacked bar per row, scaled to the largest row total; segments in SVG units."""
        largest = max((sum(values.values()) for _label, values in self.rows), default=0) or 1
        bars = []
        for index, (label, values) in enumerate(self.rows):
            y = index * (ROW_HEIGHT * 2) + ROW_HEIGHT
            x = 0.0
            segments = []
            for i, (key, _series_label) in enumerate(self.series):
                width = values.get(key, 0) / largest * WIDTH
                if width:
                    colour = self.colours[i % len(self.colours)]
                    segments.append({"x": round(x, 1), "width": round(width, 1), "colour": colour})
                x += width
            bars.append(
                {
                    "label": label,
                    "label_y": y - 6,
                    "y": y,
                    "segments": segments,
                    "total": sum(values.values()),
                    "total_x": round(min(x + 4, WIDTH - 30), 1),
                    "cells": [values.get(key, 0) for key, _series_label in self.series],
                }
            )
        return bars

    @property
    def height(self):
        return len(self.rows) * ROW_HEIGHT * 2 + 4

    @property
    def width(self):
        return WIDTH + 40

    @property
    def bar_height(self):
        return ROW_HEIGHT - 8

    def __html__(self):
        return render_to_string("portal/bar_chart.html", {"chart": self})

    __str__ = __html__
