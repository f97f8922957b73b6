"""The only URL fetcher WeasyPrint gets: it serves the app's own static files and media files
(the organisation's logo) and nothing else — no network, no ``file:`` outside them. Anything
else is refused and logged, so injected ``<img src="file:///etc/passwd">`` or a ``<link>`` to a
local port reads nothing and sends nothing."""

from __future__ import annotations

import io
import logging
import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from fontTools.ttLib import TTFont
from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://atmp-advisor.invalid/"
WEB_FONTS = {".woff", ".woff2"}


@lru_cache(maxsize=16)
def _sfnt(path: str, mtime_ns: int) -> bytes:
    """A web font decoded to a plain TrueType/OpenType font, once per process. WeasyPrint would
    decode it itself on every render and stamp the font's ``head.modified`` with the clock, so two
    renders a second apart would differ; decoded here, the timestamp is the font's own."""
    font = TTFont(path, recalcTimestamp=False)
    font.flavor = None
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _inside(root: Path, relative: str) -> Path | None:
    candidate = (root / relative.lstrip("/")).resolve()
    return candidate if candidate.is_file() and root.resolve() in candidate.parents else None


class AppFilesFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols={"https"})
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise ValueError(f"refused: {url[:200]}")
        self.served.append(url)
        if path.suffix in WEB_FONTS:
            return URLFetcherResponse(url, body=_sfnt(str(path), path.stat().st_mtime_ns),
                                      headers={"Content-Type": "font/sfnt"})
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    @staticmethod
    def _local_path(url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != urlsplit(BASE_URL).netloc:
            return None
        path = unquote(parts.path)
        if ".." in path.split("/"):
            return None
        if path.startswith(settings.STATIC_URL):
            relative = path[len(settings.STATIC_URL):].lstrip("/")
            try:
                found = finders.find(relative)
            except SuspiciousFileOperation:
                return None
            if found:
                return Path(found)
            return _inside(Path(settings.STATIC_ROOT), relative) if settings.STATIC_ROOT else None
        if path.startswith(settings.MEDIA_URL):
            return _inside(Path(settings.MEDIA_ROOT), path[len(settings.MEDIA_URL):])
        return None
