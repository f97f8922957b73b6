"""The plain data a document is made of, shared by the memo, the dossier and the agency drafts, and
read by both writers (PDF through templates/dossiers/document.html, DOCX through docx.py).

A document is a dict: ``title``, ``subtitle``, ``fields`` (label → value rows of the header table),
``blocks`` (in reading order) and ``notes`` (the numbered citations). A block is a dict with a
``type``:

- ``heading`` {level, text}
- ``paragraph`` {parts, style}: style "" | "lead" | "small" | "missing" | "disclaimer"
- ``list`` {ordered, items: [parts]}: a numbered list restarts at 1 in every list block
- ``table`` {header, rows: [[parts]], widths}: widths in per cent of the text width
- ``diagram`` {diagram}: a decision diagram of assessments.diagram
- ``roadmap`` {chart}: the roadmap chart (PDF only; the table beside it carries the same facts)
- ``notes``: where the PDF prints its endnotes (the DOCX makes them footnotes instead)
- ``page_break``

``parts`` is a list of ``{"text": str}``, ``{"text": str, "bold": True}`` and ``{"note": n}``.
Notes are numbered in reading order, so Word's own footnote numbers are the same numbers."""

from __future__ import annotations

from typing import Any

Parts = list[dict[str, Any]]


def text(value: str, *, bold: bool = False) -> dict[str, Any]:
    return {"text": value, "bold": True} if bold else {"text": value}


def parts(*items: str | dict[str, Any] | None) -> Parts:
    """Parts from strings and part dicts; None and empty strings are left out."""
    return [text(item) if isinstance(item, str) else item for item in items if item]


def heading(value: str, level: int = 1) -> dict[str, Any]:
    return {"type": "heading", "level": level, "text": value}


def paragraph(*items: str | dict[str, Any] | None, style: str = "") -> dict[str, Any]:
    return {"type": "paragraph", "parts": parts(*items), "style": style}


def missing(what: str) -> dict[str, Any]:
    """A marker in a draft: what the advisor does not know and the sender must add."""
    return paragraph(text("Still missing: ", bold=True), what, style="missing")


def bullets(items: list[Parts], *, ordered: bool = False) -> dict[str, Any]:
    return {"type": "list", "ordered": ordered, "items": items}


def table(rows: list[list[Parts | str]], *, header: list[str] | None = None,
          widths: list[int] | None = None, style: str = "grid") -> dict[str, Any]:
    return {
        "type": "table",
        "header": header,
        "rows": [[parts(cell) if isinstance(cell, str) else cell for cell in row] for row in rows],
        "widths": widths,
        "style": style,
    }


def plain(value: Parts) -> str:
    """The parts as plain text (notes left out), for tests and the DOCX core properties."""
    return "".join(part.get("text", "") for part in value)


class Notes:
    """The numbered citations of one document: one note per source, numbered when first cited.

    A source cited again gets the same number; the rule ids it supports are listed in its note,
    beside the words, never in the running text."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str, str], dict[str, Any]] = {}

    def cite(self, citation: dict[str, Any] | None, rule: str = "") -> dict[str, Any] | None:
        if not citation or not citation.get("instrument"):
            return None
        key = (citation.get("instrument", ""), citation.get("provision", ""), citation.get("url") or "")
        note = self._by_key.get(key)
        if note is None:
            note = {"number": len(self._by_key) + 1, "instrument": key[0], "provision": key[1], "url": key[2],
                    "rules": []}
            self._by_key[key] = note
        if rule and rule not in note["rules"]:
            note["rules"].append(rule)
        return {"note": note["number"]}

    def as_list(self) -> list[dict[str, Any]]:
        """The notes in order; an address already given by an earlier note is not repeated."""
        notes = []
        seen_urls: set[str] = set()
        for note in self._by_key.values():
            source = ", ".join(filter(None, [note["instrument"], note["provision"]]))
            rules = note["rules"]
            reference = f" ({'rule' if len(rules) == 1 else 'rules'} {', '.join(rules)})" if rules else ""
            url = note["url"] if note["url"] not in seen_urls else ""
            seen_urls.add(note["url"])
            notes.append({**note, "url": url, "text": f"{source}{reference}."})
        return notes
