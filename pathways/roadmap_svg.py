"""The roadmap as a server-rendered SVG timeline: one row per request, a bar from when to request
it for the length of the authority's clock. Layout only; the data come from the advice.

Labels are never clipped: each label is wrapped onto as many lines as it needs within the label
column (``lines``, each with its own ``y``), and the row grows to hold them. ``label`` keeps the
whole text for callers that draw it themselves."""

from __future__ import annotations

from typing import Any

ROW, LINE, LABEL_W, CHART_W, TOP = 28, 16, 300, 520, 30
# 13px Source Sans 3 averages under 7px a character; 36 characters fit the 300px column with room.
LABEL_CHARS = 36


def wrap(text: str, width: int = LABEL_CHARS) -> list[str]:
    """The words of ``text`` on lines of at most ``width`` characters (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def roadmap_chart(milestones: list[dict[str, Any]]) -> dict[str, Any]:
    horizon = max([m["start_month"] + max(1, round(m["duration_days"] / 30)) for m in milestones] + [12])
    scale = CHART_W / horizon
    rows = []
    y = TOP
    for m in milestones:
        lines = wrap(m["label"])
        height = max(ROW, LINE * len(lines) + 12)
        x = LABEL_W + m["start_month"] * scale
        width = max(4.0, (m["duration_days"] / 30) * scale)
        rows.append(
            {
                **m,
                "y": y,
                "text_y": y + 18,
                "x": round(x, 1),
                "width": round(width, 1),
                "label_x": 8,
                "lines": [{"text": line, "y": y + 18 + i * LINE} for i, line in enumerate(lines)],
                "height": height,
            }
        )
        y += height
    ticks = [{"x": round(LABEL_W + month * scale, 1), "month": month} for month in range(0, horizon + 1, 12)]
    return {
        "width": LABEL_W + CHART_W + 20,
        "height": y + 10,
        "rows": rows,
        "ticks": ticks,
        "chart_x": LABEL_W,
        "chart_w": CHART_W,
    }
