"""Version of the whole ruleset (classification, hospital exemption, pathways).

Change RULESET_VERSION with every change to a rule, and log it in CHANGELOG.md with the rule
ids. LAST_CHECKED is the date the rules were last checked against the official texts and the
notes in docs/law/. VERIFIED_UNTIL is the verification horizon: advice for a later date
carries a warning.

The fingerprint: a hash of the rules (the code of ``classification/rules`` and
``pathways/rules``, compared as syntax trees so comments and formatting do not count, and
their YAML data, compared as parsed data). ``ruleset.lock`` records the fingerprint with the
version it belongs to, and a test fails when the rules change without a new version, a new
lock and a CHANGELOG entry. After a rule change::

    # bump RULESET_VERSION below, add "## Ruleset <version>" to CHANGELOG.md, then
    python -m classification.rules.ruleset --lock
"""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

import yaml

RULESET_VERSION = "2026.12.2"
LAST_CHECKED = date(2026, 12, 3)
# The last date for which the law encoded here was checked to hold: dated changes known on
# LAST_CHECKED (the SoHO Regulation applying on 7 August 2027, the HTA Regulation's orphan
# phase on 13 January 2028 ...) are encoded up to it.
VERIFIED_UNTIL = date(2027, 12, 31)

ROOT = Path(__file__).resolve().parents[2]
RULES_PACKAGES = (ROOT / "classification" / "rules", ROOT / "pathways" / "rules")
LOCK_FILE = Path(__file__).with_name("ruleset.lock")
# This module holds the version itself; its constants are checked by the lock, not hashed.
NOT_HASHED = {Path(__file__).resolve()}


def rules_files() -> list[Path]:
    files = []
    for package in RULES_PACKAGES:
        for path in sorted(package.rglob("*")):
            if (
                path.suffix in {".py", ".yaml"}
                and path.resolve() not in NOT_HASHED
                and "__pycache__" not in path.parts
            ):
                files.append(path)
    return files


def _canonical(path: Path) -> bytes:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        tree = ast.parse(text)
        for node in ast.walk(tree):  # docstrings are prose, not rules
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                    body[0] = ast.Pass()
        return ast.dump(tree, annotate_fields=False).encode()
    return json.dumps(_plain(yaml.safe_load(text)), sort_keys=True, default=str).encode()


def _plain(data: object) -> object:
    """YAML data with every mapping key a string (dates key the parameters' values)."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in rules_files():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + _canonical(path) + b"\0")
    return digest.hexdigest()


def read_lock() -> dict[str, str]:
    return json.loads(LOCK_FILE.read_text(encoding="utf-8"))


def write_lock(*, amend: bool = False) -> int:
    """Record the fingerprint with RULESET_VERSION. Refuses a changed fingerprint under a version
    already locked, unless ``amend`` (the version has not been released yet)."""
    current = fingerprint()
    if LOCK_FILE.exists() and not amend:
        lock = read_lock()
        if lock["fingerprint"] != current and lock["version"] == RULESET_VERSION:
            print(
                f"The rules changed but RULESET_VERSION is still {RULESET_VERSION}: bump it and add a CHANGELOG "
                "entry (or pass --amend if this version has not been released).",
                file=sys.stderr,
            )
            return 1
    LOCK_FILE.write_text(json.dumps({"version": RULESET_VERSION, "fingerprint": current}, indent=2) + "\n")
    print(f"ruleset.lock: {RULESET_VERSION} {current}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] not in (["--lock"], ["--lock", "--amend"]):
        print("usage: python -m classification.rules.ruleset --lock [--amend]", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(write_lock(amend="--amend" in sys.argv))
