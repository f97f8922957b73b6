"""The only URL fetcher WeasyPrint gets: it serves the app's own static files and media files
(the organisation's logo) and nothing else — no network, no ``file:`` outside them. Anything
else is refused and logged, so injected ``<img src="file:///etc/passwd">`` or a ``<link>`` to a
local port reads nothing and sends nothing."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://atmp-advisor.invalid/"


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
            relative = path[len(settings.STATIC_URL):]
            found = finders.find(relative)
            if found:
                return Path(found)
            candidate = Path(settings.STATIC_ROOT) / relative
            return candidate if candidate.is_file() else None
        if path.startswith(settings.MEDIA_URL):
            root = Path(settings.MEDIA_ROOT).resolve()
            candidate = (root / path[len(settings.MEDIA_URL):]).resolve()
            return candidate if candidate.is_file() and root in candidate.parents else None
        return None
