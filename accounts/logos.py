"""Organisation logos: every upload is decoded and re-encoded, never stored as sent.

A logo is drawn on the cover of every memo, so a small file that declares huge dimensions (a
17 KB PNG of 12,000 x 12,000 pixels) would cost each PDF export a gigabyte of memory. The size in
the image header is checked before any pixel is decoded; what passes is decoded, shrunk to fit
``STORED_SIDE`` and written anew, which also drops anything the file carried besides the picture
(trailing chunks, text chunks, EXIF, ICC profiles).
"""

from __future__ import annotations

import io
import warnings

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 1024 * 1024
MAX_PIXELS = 4_000_000  # width x height, e.g. 2,000 x 2,000
STORED_SIDE = 1200  # longest side as stored: sharp on a printed cover, cheap to render
TOO_MANY_PIXELS = f"Use an image of at most {MAX_PIXELS:,} pixels, for example 2,000 \u00d7 2,000."
FORMATS = {"PNG": ("png", {"RGB", "RGBA", "L", "LA"}), "JPEG": ("jpg", {"RGB", "L"})}


class InvalidLogo(ValueError):
    """Why the upload cannot be a logo, in words for the form."""


def reencode(upload) -> ContentFile:
    """The upload re-encoded as a PNG or JPEG no larger than ``STORED_SIDE``; InvalidLogo otherwise."""
    if upload.size > MAX_BYTES:
        raise InvalidLogo("The logo is larger than 1 MB.")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise InvalidLogo("The logo must be a PNG or JPEG image.")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise InvalidLogo(f"The logo is {width:,} \u00d7 {height:,} pixels. {TOO_MANY_PIXELS}")
            image.load()
    except InvalidLogo:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):  # far past MAX_PIXELS
        raise InvalidLogo(f"The logo has far too many pixels. {TOO_MANY_PIXELS}") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise InvalidLogo("The logo could not be read as a PNG or JPEG image.") from None
    fmt = image.format
    extension, modes = FORMATS[fmt]
    if image.mode not in modes or "transparency" in image.info:
        image = image.convert("RGBA" if fmt == "PNG" else "RGB")
    image.info.clear()  # nothing but the pixels is written back: no text, EXIF or ICC chunks
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return ContentFile(buffer.getvalue(), name=f"logo.{extension}")
