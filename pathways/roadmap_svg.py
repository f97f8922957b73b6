"""The roadmap as a server-rendered SVG timeline: one row per designation, a bar from when to
request it for the length of the authority's clock. Layout only; the data come from the advice."""

from __future__ import annotations

from typing import Any

ROW, LABEL_W, CHART_W, TOP = 28, 300, 520, 30


def roadmap_chart(milestones: list[dict[str, Any]]) -> dict[str, Any]:
    horizon = max([m["start_month"] + max(1, round(m["duration_days"] / 30)) for m in milestones] + [12])
    scale = CHART_W / horizon
    rows = []
    for index, m in enumerate(milestones):
        y = TOP + index * ROW
        x = LABEL_W + m["start_month"] * scale
        width = max(4.0, (m["duration_days"] / 30) * scale)
        rows.append({**m, "y": y, "text_y": y + 18, "x": round(x, 1), "width": round(width, 1),
                     "label_x": 8})
    ticks = [{"x": round(LABEL_W + month * scale, 1), "month": month} for month in range(0, horizon + 1, 12)]
    return {"width": LABEL_W + CHART_W + 20, "height": TOP + len(milestones) * ROW + 10, "rows": rows,
            "ticks": ticks, "chart_x": LABEL_W, "chart_w": CHART_W}
