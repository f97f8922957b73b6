"""``atmp-advisor assess`` (the console script of pyproject.toml) and ``manage.py assess`` run on a
machine with no configuration: an empty environment apart from PATH, no settings, no secret."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from classification.rules.validation import advice_errors
from tests.products import CAR_T as CAR_T_ANSWERS

ROOT = Path(__file__).resolve().parents[2]
EMPTY_ENVIRONMENT = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}


def console_script(*args, stdin=None):
    """Runs the entry point exactly as pyproject.toml declares it, as the installed script would."""
    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["atmp-advisor"]
    module, function = target.split(":")
    program = f"import sys; from {module} import {function}; sys.exit({function}())"
    return subprocess.run(
        [sys.executable, "-c", program, *args], cwd=ROOT, input=stdin, capture_output=True, text=True,
        timeout=120, env=EMPTY_ENVIRONMENT,
    )


@pytest.fixture
def car_t_file(tmp_path):
    path = tmp_path / "car_t.json"
    path.write_text(json.dumps({"schema_version": "1", "product": {"name": "CAR-T 19"}, "answers": CAR_T_ANSWERS}))
    return path


def test_the_console_script_prints_valid_advice_with_no_configuration(car_t_file):
    result = console_script("assess", str(car_t_file), "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    advice = json.loads(result.stdout)
    assert advice_errors(advice) == []
    assert advice["eu"]["category"] == "GTMP"
    assert advice["ruleset"]["as_of"] == "2026-06-01"
    assert advice["pathways"], "the console script gives the full advice, pathways included"


def test_the_console_script_prints_text_with_the_reasoning(car_t_file):
    result = console_script("assess", str(car_t_file), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "Gene therapy medicinal product (GTMP)" in result.stdout
    assert "EU-CLS-2" in result.stdout and "Pathways:" in result.stdout


def test_the_console_script_loads_nothing_from_django(car_t_file):
    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["atmp-advisor"]
    module, function = target.split(":")
    program = (
        f"import sys; from {module} import {function}; code = {function}(); "
        "sys.stderr.write('LEAKED:' + ','.join(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, "assess", str(car_t_file)], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=EMPTY_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "LEAKED:"


def test_the_console_script_names_the_field_of_an_invalid_document(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1", "answers": {"medicinal_purpose": "yes"}}))
    result = console_script("assess", str(bad))
    assert result.returncode == 2
    assert "/answers/medicinal_purpose" in result.stderr and "bad.json" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_console_script_refuses_a_bad_date_clearly(car_t_file):
    result = console_script("assess", str(car_t_file), "--as-of", "1850-01-01")
    assert result.returncode == 2
    assert "1900-01-01" in result.stderr and "Traceback" not in result.stderr


def test_manage_py_assess_runs_without_a_secret_key_or_debug(car_t_file):
    result = subprocess.run(
        [sys.executable, "manage.py", "assess", str(car_t_file)], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=EMPTY_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["eu"]["category"] == "GTMP"


def test_manage_py_export_memo_renders_a_memo_without_a_secret_key_or_debug(car_t_file, tmp_path):
    out = tmp_path / "memo.pdf"
    result = subprocess.run(
        [sys.executable, "manage.py", "export_memo", str(car_t_file), "--out", str(out)], cwd=ROOT,
        capture_output=True, text=True, timeout=120, env=EMPTY_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_manage_py_still_refuses_to_serve_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env=EMPTY_ENVIRONMENT,
    )
    assert result.returncode == 2
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def _source_copy(destination: Path) -> Path:
    """The files git knows of (committed or not, ignored ones left out), so the build writes its
    build/ and egg-info folders in a temporary copy, never in the working tree."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "pyproject.toml", "README.md", "classification/rules",
         "pathways/rules", "schemas"], cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    for name in listed:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        (destination / name).write_bytes((ROOT / name).read_bytes())
    return destination


def test_pip_install_gives_a_working_atmp_advisor_in_a_fresh_environment(tmp_path, car_t_file):
    """`pip install .` (not editable) ships the rules packages with their YAML data and the schemas:
    the installed script runs from a fresh virtual environment, outside the checkout, with no
    variables at all. The fresh environment sees the suite's installed libraries (PyYAML,
    jsonschema) through a .pth line, but not the checkout."""
    import sysconfig
    import venv

    source = _source_copy(tmp_path / "source")
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("atmp_advisor-*.whl")

    fresh = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(fresh)
    (site_packages,) = fresh.glob("lib/python3*/site-packages")
    (site_packages / "suite_libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(fresh / "bin" / "python"), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)], capture_output=True, text=True, timeout=300,
    )
    assert installed.returncode == 0, installed.stderr

    result = subprocess.run(
        [str(fresh / "bin" / "atmp-advisor"), "assess", str(car_t_file), "--as-of", "2026-06-01"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    advice = json.loads(result.stdout)
    assert advice_errors(advice) == [] and advice["eu"]["category"] == "GTMP" and advice["pathways"]
    rules = subprocess.run(
        [str(fresh / "bin" / "python"), "-c", "import classification.rules as r; print(r.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"},
    )
    assert rules.stdout.startswith(str(site_packages)), "the script ran the installed copy, not the checkout"
