"""The rules packages are pure Python: importing and running them loads nothing from Django."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
from pathways.rules import advise
advice = advise({"schema_version": "1", "answers": {"medicinal_purpose": True}})
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(",".join(leaked))
"""


def test_the_rules_packages_import_nothing_from_django():
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=60, env={"PATH": ""}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_no_rules_module_mentions_django():
    for folder in (ROOT / "classification" / "rules", ROOT / "pathways" / "rules"):
        for path in folder.rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert "import django" not in source and "from django" not in source, path
