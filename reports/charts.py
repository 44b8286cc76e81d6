"""Horizontal bar charts as plain geometry, drawn by the HTML report as SVG and by the PDF report as vectors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LABEL_WIDTH = 150
LABEL_CHARS = 24  # the characters of a label that LABEL_WIDTH holds; longer ones are cut
VALUE_WIDTH = 110
BAR_HEIGHT = 16
GAP = 6
MAX_BARS = 20  # beyond this the smallest bars are summed into one, so a chart fits on a page


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as printed beside the bar
    x: float
    width: float
    y: float
    negative: bool


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    zero_x: float  # where the value axis is 0
    bars: tuple[Bar, ...]
    bar_height: float = BAR_HEIGHT
    label_width: float = LABEL_WIDTH  # the labels end 5 units left of it


def bar_chart(
    items: list[tuple[str, float]],
    fmt: Callable[[float], str],
    others: str,
    width: float = 520,
    label_width: float = LABEL_WIDTH,
) -> BarChart:
    """One bar per (label, value), top to bottom; negative values grow left of the zero axis; past MAX_BARS the
    smallest values are summed into one bar labelled `others`; labels longer than `label_width` holds are cut."""
    items = _fold(items, others)
    plot = width - label_width - VALUE_WIDTH
    longest = int(label_width / LABEL_WIDTH * LABEL_CHARS)
    low = min([0.0, *(value for _, value in items)])
    high = max([0.0, *(value for _, value in items)])
    scale = plot / (high - low) if high > low else 0.0
    zero_x = label_width + (-low) * scale
    bars = tuple(
        Bar(
            label=label if len(label) <= longest else label[: longest - 1] + "…",
            text=fmt(value),
            x=min(zero_x, zero_x + value * scale),
            width=abs(value) * scale,
            y=GAP + k * (BAR_HEIGHT + GAP),
            negative=value < 0,
        )
        for k, (label, value) in enumerate(items)
    )
    height = GAP + len(items) * (BAR_HEIGHT + GAP)
    return BarChart(width=width, height=height, zero_x=zero_x, bars=bars, label_width=label_width)


def _fold(items: list[tuple[str, float]], others: str) -> list[tuple[str, float]]:
    if len(items) <= MAX_BARS:
        return items
    largest = sorted(items, key=lambda item: -abs(item[1]))[: MAX_BARS - 1]
    kept = [item for item in items if item in largest]
    rest = [value for name, value in items if (name, value) not in largest]
    return [*kept, (f"{others} ({len(rest)})", sum(rest))]
