"""A tiny HTTP client for the benchmark: cookies, CSRF, and the first POST form of a page."""

from __future__ import annotations

import http.client
import time
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlparse


class FormParser(HTMLParser):
    """Collects the fields of the first <form method="post"> whose action is not logout/switch."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": [], "buttons": []}
        elif self._current is not None and tag in {"input", "textarea", "select"}:
            self._current["fields"].append(attrs | {"tag": tag})
        elif self._current is not None and tag == "button":
            self._current["buttons"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def question_form(html: str) -> dict | None:
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if any(word in form["action"] for word in ("logout", "switch")):
            continue
        return form
    return None


def fill(form: dict) -> list[tuple[str, str]]:
    """Answer a question page: the first choice of each radio or checkbox group, hidden fields as they are."""
    data: list[tuple[str, str]] = []
    seen_radio: set[str] = set()
    for field in form["fields"]:
        name = field.get("name")
        if not name:
            continue
        kind = (field.get("type") or "text").lower()
        if kind == "hidden":
            data.append((name, field.get("value") or ""))
        elif (kind == "radio" or (kind == "checkbox" and name == "answer")) and name not in seen_radio:
            seen_radio.add(name)
            data.append((name, field.get("value") or ""))
        elif kind in {"text", "number"} or field["tag"] == "textarea":
            data.append((name, field.get("value") or "1"))
    for button in form["buttons"]:
        if button.get("name") and button.get("value") and button.get("name") not in {"save_and_exit", "back"}:
            data.append((button["name"], button["value"]))
            break
    return data


class Client:
    def __init__(self, base: str) -> None:
        parsed = urlparse(base)
        self.base = base
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(
        self, method: str, path: str, data: list[tuple[str, str]] | None = None, extra: dict[str, str] | None = None
    ):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": f"{self.host}:{self.port}"}
        headers.update(extra or {})
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = response.getheader("Location")
        if location:
            location = urlparse(urljoin(self.base + path, location)).path + (
                "?" + urlparse(location).query if urlparse(location).query else ""
            )
        return response.status, text, location, elapsed
