"""Dependencies point one way (DESIGN §2): api, dossiers → assessments → pathways → classification.
The API sits on top (its export endpoints use dossiers). A module of an app imports only apps below
it; accounts and the project package stand beside them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYER = {"classification": 0, "pathways": 1, "assessments": 2, "dossiers": 3, "api": 4}


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        apps.update(name.split(".")[0] for name in names)
    return apps & set(LAYER)


@pytest.mark.parametrize("app", sorted(LAYER))
def test_an_app_imports_only_the_apps_below_it(app):
    upward = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for other in imported_apps(path):
            if other != app and LAYER[other] >= LAYER[app]:
                upward.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not upward, upward


def test_the_layer_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from assessments.selectors import assessment_access\nimport os\n")
    assert imported_apps(module) == {"assessments"}


def test_accounts_imports_none_of_the_assessment_layers():
    found = {other for path in (ROOT / "accounts").rglob("*.py") for other in imported_apps(path)}
    assert not found, found
