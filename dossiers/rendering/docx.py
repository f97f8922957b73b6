"""The Word writer (python-docx) of the content model (blocks.py): the memo, the dossier and the
agency drafts. A4 with page numbers (PAGE and NUMPAGES fields), real heading styles, numbered
lists that restart in every list, citations as Word footnotes, the decision diagram as a picture.
Deterministic: the same content and issue date give the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from .diagram_png import diagram_png

PAGE_W, PAGE_H, MARGIN = 210, 297, 18
TEXT_W = PAGE_W - 2 * MARGIN
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
GREY = RGBColor(0x50, 0x5A, 0x5F)
AMBER = RGBColor(0xB4, 0x53, 0x09)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out the page."""
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}><w:t>{placeholder}</w:t></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


class _Footnotes:
    """Word footnotes: a footnotes part made once, the first time a note is cited. Notes are
    numbered in reading order, so Word's automatic footnote numbers are the content model's
    numbers; a source cited again shows its number as a superscript, as in a printed memo."""

    def __init__(self, document, notes: list[dict[str, Any]]) -> None:
        self.document = document
        self.notes = {note["number"]: note for note in notes}
        self.placed: list[int] = []

    def reference(self, paragraph, number: int) -> None:
        if number in self.placed:
            run = paragraph.add_run(str(number))
            run.font.superscript = True
            return
        self.placed.append(number)
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        ))

    def attach(self) -> None:
        if not self.placed:
            return
        body = [
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            "</w:p></w:footnote>",
        ]
        for number in self.placed:
            note = self.notes[number]
            text = note["text"] + (f" {note['url']}" if note.get("url") else "")
            body.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
                "</w:p></w:footnote>"
            )
        xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>{"".join(body)}</w:footnotes>'
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"), self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)
        # Word expects the separator footnotes named in the settings, just before <w:compat>.
        settings = self.document.settings.element
        compat = settings.find(qn("w:compat"))
        footnote_pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        if compat is not None:
            compat.addprevious(footnote_pr)
        else:
            settings.append(footnote_pr)


class _Lists:
    """Numbered lists that restart at 1: each list gets its own numbering instance of the List
    Number style's definition, with a start override."""

    def __init__(self, document) -> None:
        self.numbering = document.part.numbering_part.element
        style = document.styles["List Number"].element
        num_id = style.pPr.numPr.numId.val
        num = next(n for n in self.numbering.num_lst if n.numId == num_id)
        self.abstract_id = num.abstractNumId.val

    def new_list(self) -> int:
        num = self.numbering.add_num(self.abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    @staticmethod
    def number(paragraph, num_id: int) -> None:
        p_pr = paragraph._p.get_or_add_pPr()
        num_pr = p_pr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id


class _Writer:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.document = Document()
        self.footnotes = _Footnotes(self.document, doc.get("notes") or [])
        self.lists = _Lists(self.document)

    def parts(self, paragraph, parts: list[dict[str, Any]]) -> None:
        for part in parts:
            if "note" in part:
                self.footnotes.reference(paragraph, part["note"])
            else:
                run = paragraph.add_run(part["text"])
                run.bold = bool(part.get("bold"))

    def block(self, block: dict[str, Any]) -> None:
        kind = block["type"]
        document = self.document
        if kind == "heading":
            document.add_heading(block["text"], level=block["level"])
        elif kind == "paragraph":
            paragraph = document.add_paragraph()
            self.parts(paragraph, block["parts"])
            self.style(paragraph, block.get("style", ""))
        elif kind == "list":
            num_id = self.lists.new_list() if block["ordered"] else None
            for item in block["items"]:
                paragraph = document.add_paragraph(style="List Number" if num_id else "List Bullet")
                if num_id:
                    self.lists.number(paragraph, num_id)
                self.parts(paragraph, item)
        elif kind == "table":
            self.table(block)
        elif kind == "diagram":
            diagram = block["diagram"]
            document.add_picture(io.BytesIO(diagram_png(diagram)), width=Mm(150))
            caption = document.add_paragraph()
            caption.add_run(diagram["title"] + ". ").bold = True
            caption.add_run(diagram["summary"])
            self.style(caption, "small")
            num_id = self.lists.new_list()
            for step in diagram["steps"]:
                paragraph = document.add_paragraph(style="List Number")
                self.lists.number(paragraph, num_id)
                paragraph.add_run(f"{step['question']} ")
                paragraph.add_run(step["answer"].capitalize() + ".").bold = True
                if step["finding"]:
                    paragraph.add_run(" " + step["finding"])
                self.style(paragraph, "small")
        elif kind == "page_break":
            document.add_page_break()
        # "roadmap" (the chart; its table follows) and "notes" (footnotes here) have no DOCX form.

    @staticmethod
    def style(paragraph, style: str) -> None:
        if style in {"small", "disclaimer"}:
            for run in paragraph.runs:
                run.font.size = Pt(8.5)
                if style == "disclaimer":
                    run.font.color.rgb = GREY
        if style == "user-text":
            for run in paragraph.runs:
                run.italic = True
        if style == "missing":
            for run in paragraph.runs:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def table(self, block: dict[str, Any]) -> None:
        header, rows = block.get("header"), block["rows"]
        columns = len(header) if header else len(rows[0]) if rows else 1
        table = self.document.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        widths = block.get("widths") or [100 // columns] * columns
        if header:
            cells = table.add_row().cells
            for cell, value in zip(cells, header, strict=True):
                cell.paragraphs[0].add_run(value).bold = True
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                self.parts(cell.paragraphs[0], value)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(TEXT_W * width / 100)

    def page_setup(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
        section.left_margin = section.right_margin = Mm(MARGIN)
        section.top_margin, section.bottom_margin = Mm(16), Mm(16)
        footer = section.footer.paragraphs[0]
        footer.add_run(self.doc["footer"] + " · Page ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(8)
            run.font.color.rgb = GREY
        if self.doc.get("draft_label"):
            header = section.header.paragraphs[0]
            run = header.add_run(self.doc["draft_label"])
            run.bold, run.font.size, run.font.color.rgb = True, Pt(8.5), AMBER
        normal = self.document.styles["Normal"]
        normal.font.size = Pt(10)

    def write(self) -> bytes:
        doc, document = self.doc, self.document
        issued = doc["issued"]
        when = datetime(issued.year, issued.month, issued.day, tzinfo=UTC)
        properties = document.core_properties
        properties.title = f"{doc['title']}: {doc['product_name']}"
        properties.author = doc.get("organisation_name") or "ATMP Advisor"
        properties.created = properties.modified = when
        properties.last_modified_by = "ATMP Advisor"
        properties.revision = 1
        properties.comments = f"Ruleset {doc['ruleset_version']}; answers {doc['answers_hash']}"
        self.page_setup()
        if doc.get("draft_label"):
            label = document.add_paragraph()
            run = label.add_run(doc["draft_label"])
            run.bold, run.font.color.rgb = True, AMBER
        document.add_heading(doc["title"], level=0)
        document.add_paragraph().add_run(doc["product_name"]).bold = True
        self.table({"header": None, "rows": [[[{"text": k, "bold": True}], [{"text": v or "—"}]]
                                            for k, v in doc["fields"]], "widths": [28, 72]})
        for block in doc.get("lead") or []:
            self.block(block)
        for block in doc["blocks"]:
            self.block(block)
        self.footnotes.attach()
        buffer = io.BytesIO()
        document.save(buffer)
        return _with_fixed_timestamps(buffer.getvalue(), when)


def _with_fixed_timestamps(package: bytes, when: datetime) -> bytes:
    """python-docx stamps every zip entry with the clock; re-pack with the issue date so the same
    content gives the same bytes (and the same sha256)."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, source.read(entry))
    return buffer.getvalue()


def render_docx(doc: dict[str, Any]) -> bytes:
    return _Writer(doc).write()

