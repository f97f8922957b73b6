"""The decision diagram as a PNG for the Word document, drawn with Pillow from the same shapes as
the SVG (assessments.diagram), in the memo's own font (Source Sans 3, static/vendor/fonts), so the
picture is the same on every machine: no system font, no SVG renderer needed."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # pixels per diagram unit: about 220 dpi at the 150 mm the DOCX shows it
FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = f"source-sans-3-latin-{700 if bold else 400}-normal.woff"
    font = TTFont(str(FONT_DIR / name), recalcTimestamp=False)
    font.flavor = None  # WOFF to plain OpenType, which FreeType reads from memory
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    return ImageFont.truetype(buffer, size)


def diagram_png(diagram: dict[str, Any]) -> bytes:
    from assessments import diagram as shapes_of

    width, height = diagram["width"] * SCALE, diagram["height"] * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for s in diagram["shapes"]:
        if s["kind"] == "rect":
            box = [s["x"] * SCALE, s["y"] * SCALE, (s["x"] + s["w"]) * SCALE, (s["y"] + s["h"]) * SCALE]
            draw.rounded_rectangle(box, radius=5 * SCALE, fill=_hex(shapes_of.FILL[s["style"]]),
                                   outline=_hex(shapes_of.STROKE[s["style"]]),
                                   width=(2 if s["style"] != "off" else 1) * SCALE)
        elif s["kind"] == "line":
            draw.line([s["x1"] * SCALE, s["y1"] * SCALE, s["x2"] * SCALE, s["y2"] * SCALE],
                      fill=_hex(shapes_of.LINE_ON if s["on"] else shapes_of.LINE_OFF),
                      width=(3 if s["on"] else 1) * SCALE)
    for s in diagram["shapes"]:  # words last, over the lines
        if s["kind"] == "text":
            font = _font(bool(s["bold"]), shapes_of.FONT * SCALE)
            draw.text((s["x"] * SCALE, s["y"] * SCALE), s["text"], font=font, anchor="ls",
                      fill=_hex(shapes_of.TEXT_ON if s["bold"] else shapes_of.TEXT_OFF))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
