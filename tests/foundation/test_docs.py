"""The documentation a newcomer's clone needs is there and stays true.

- Every relative link in README.md and docs/**/*.md points to a file that exists, and a link to a
  heading (``file.md#anchor``) to a heading that exists.
- Every rule id the law notes (docs/law/*.md) mention in the form EU-CLS-…, EU-HE-… or US-… is
  encoded: it has an entry in a rule register (classification/rules/registers/*.yaml) or in the
  pathway catalogue (pathways/rules/catalogue.yaml), or it is on the short list below of ids the
  notes describe but the engine does not encode.
"""

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").rglob("*.md"))
LAW_NOTES = sorted((ROOT / "docs" / "law").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]

# Ids the law notes describe on purpose although the engine has no rule for them. Keep this list
# short and true: an id that gets a register entry must leave it (a test below checks that).
NOT_ENCODED = {
    # The notes' evaluation order: it is the order of classification/rules/eu.py itself, not a
    # rule with a finding of its own.
    "EU-CLS-0",
    # Oncolytic viruses: decided by the gene-therapy test (EU-CLS-2, recombinant or not); the
    # notes' sub-point has no question or rule of its own.
    "EU-CLS-2c",
    # "Until the new Directive applies, judge the hospital exemption under the current Art 3(7)":
    # the notes' engine advice, carried out by EU-HE-6 (the reform, noted and never applied).
    "EU-HE-6.1",
    # 21 CFR 1271.15(a), (c)-(f): exceptions for establishments (research use, carriers, receive
    # and store, reproductive partners, contract recovery), not for products; the advisor asks only
    # the same-surgical-procedure exception (US-EXC-1).
    "US-EXC-2",
    "US-EXC-3",
    "US-EXC-4",
    "US-EXC-5",
    "US-EXC-6",
    # Non-statutory FDA pilots and draft-guidance options the notes describe but the pathway
    # catalogue does not offer: the Commissioner's National Priority Voucher, the plausible-mechanism
    # framework and the START pilot.
    "US-EXP-CNPV",
    "US-EXP-PMF",
    "US-INT-START",
}

FENCE = re.compile(r"^```.*?^```", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto: ...
# A rule id: EU-CLS-2, EU-CLS-4c, EU-CLS-6.1, EU-HE-2.4, US-361-R, US-DEF-2.4, US-EXP-RMAT ...
# (procedure ids such as US-PROC-TRG are not rule ids).
RULE_ID = re.compile(
    r"(?<![\w-])(?:EU-CLS|EU-HE|US-(?!PROC-)[A-Z0-9]{2,5})-(?:\d+[a-z]?|[A-Z]+)(?:\.\d+)*(?![\w-])"
)


def _prose(text: str) -> str:
    """The text without fenced code blocks and code spans, where a link is not a link."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: markup and punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@cache
def _anchors(path: Path) -> frozenset[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        slug = _slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return frozenset(anchors)


def _links(path: Path) -> list[str]:
    return [m.group(1) for m in LINK.finditer(_prose(path.read_text(encoding="utf-8")))]


def test_the_docs_exist_where_the_readme_sends_readers():
    names = {p.relative_to(ROOT).as_posix() for p in DOCS}
    assert {"docs/architecture.md", "docs/law/eu.md", "docs/law/us.md", "docs/law/uk-jp.md"} <= names
    assert "docs/law/changes-2025-2026.md" in names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared/" not in readme
    assert "make run" in readme and "make test" in readme


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_points_to_an_existing_file(page):
    broken = []
    for target in _links(page):
        if EXTERNAL.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            broken.append(f"{target}: no heading #{anchor} in {destination.name}")
    assert broken == []


def test_the_docs_link_to_one_another():
    """A link check that finds no links passes vacuously: make sure there are some."""
    assert sum(len(_links(page)) for page in PAGES) >= 20


@cache
def _encoded_ids() -> frozenset[str]:
    """Every rule id with a register entry, and every pathway id, notes reference and criterion
    id of the pathway catalogue."""
    ids: set[str] = set()
    for path in sorted((ROOT / "classification" / "rules" / "registers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids.update(str(rule["id"]) for rule in data.get("rules") or [])
    catalogue = yaml.safe_load((ROOT / "pathways" / "rules" / "catalogue.yaml").read_text(encoding="utf-8"))
    for pathway in catalogue["pathways"]:
        ids.add(str(pathway["id"]))
        if pathway.get("domain_ref"):
            ids.add(str(pathway["domain_ref"]))
        ids.update(str(criterion["id"]) for criterion in pathway.get("criteria") or [])
    return frozenset(ids)


def _is_encoded(rule_id: str) -> bool:
    encoded = _encoded_ids()
    # A heading id whose numbered items are encoded (EU-HE-2 for EU-HE-2.1 ... EU-HE-2.8,
    # US-EXP-0 for US-EXP-0.1) is encoded through them.
    return rule_id in encoded or any(other.startswith(rule_id + ".") for other in encoded)


def _ids_in_the_notes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in LAW_NOTES:
        for match in RULE_ID.finditer(path.read_text(encoding="utf-8")):
            files = found.setdefault(match.group(0), [])
            if path.name not in files:
                files.append(path.name)
    return found


def test_the_law_notes_mention_rule_ids():
    assert len(_ids_in_the_notes()) >= 50


def test_every_rule_id_in_the_law_notes_is_encoded_or_listed_as_not_encoded():
    missing = {
        rule_id: files
        for rule_id, files in sorted(_ids_in_the_notes().items())
        if rule_id not in NOT_ENCODED and not _is_encoded(rule_id)
    }
    assert missing == {}, "rule ids of docs/law/ with no register or catalogue entry"


def test_the_not_encoded_list_names_only_ids_the_notes_describe_and_the_engine_does_not_encode():
    in_the_notes = _ids_in_the_notes()
    assert sorted(NOT_ENCODED - set(in_the_notes)) == []
    assert sorted(rule_id for rule_id in NOT_ENCODED if _is_encoded(rule_id)) == []
