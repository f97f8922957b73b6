"""manage.py assess: advice per file, one JSON object per line; clear errors, exit 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classification.rules.validation import advice_errors
from tests.products import CAR_T as CAR_T_ANSWERS

ROOT = Path(__file__).resolve().parents[2]

CAR_T = {"schema_version": "1", "product": {"name": "CAR-T 19"}, "answers": CAR_T_ANSWERS}


def assess(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", "assess", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def car_t_file(tmp_path):
    path = tmp_path / "car_t.json"
    path.write_text(json.dumps(CAR_T))
    return path


def test_it_prints_one_valid_advice_per_file_in_input_order(car_t_file, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"schema_version": "1", "answers": {}}))
    result = assess(str(car_t_file), str(empty), "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert advice_errors(first) == [] and advice_errors(second) == []
    assert first["eu"]["category"] == "GTMP"
    assert first["ruleset"]["as_of"] == "2026-06-01"
    assert second["eu"]["category"] == "undetermined"


def test_it_reads_stdin_and_prints_text_with_the_reasoning():
    result = assess("-", "--format", "text", stdin=json.dumps(CAR_T))
    assert result.returncode == 0, result.stderr
    assert "Gene therapy medicinal product (GTMP)" in result.stdout
    assert "EU-CLS-2" in result.stdout
    assert "Directive 2001/83/EC" in result.stdout


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"schema_version": "1", "answers": {"medicinal_purpose": "yes"}}, "/answers/medicinal_purpose"),
        ({"schema_version": "1", "answers": {"colour": "blue"}}, "unknown field(s): colour"),
        ({"schema_version": "1", "answers": {"cell_origin": "martian"}}, "/answers/cell_origin"),
        ({"schema_version": "1", "as_of": "2026-13-45", "answers": {}}, "/as_of"),
        ({"schema_version": "2", "answers": {}}, "/schema_version"),
        ({"schema_version": "1", "answers": {"us_patients": -3}}, "/answers/us_patients"),
        ({"schema_version": "1", "answers": {"manipulations": "expansion"}}, "/answers/manipulations"),
    ],
)
def test_it_rejects_invalid_answers_naming_the_field(tmp_path, document, expected):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = assess(str(path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_non_json_file_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("this is not JSON")
    result = assess(str(path))
    assert result.returncode == 2
    assert "not valid JSON" in result.stderr and "notes.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_as_of_date_is_a_clear_error(car_t_file):
    result = assess(str(car_t_file), "--as-of", "tomorrow")
    assert result.returncode == 2
    assert "--as-of" in result.stderr and "Traceback" not in result.stderr


def test_valid_files_are_still_assessed_when_another_is_malformed(car_t_file, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    result = assess(str(car_t_file), str(bad))
    assert result.returncode == 2
    assert len(result.stdout.strip().splitlines()) == 1
    assert "bad.json" in result.stderr


def test_assess_refuses_a_date_before_the_rules_begin_and_absurd_input_naming_the_field(tmp_path, capsys):
    import pytest
    from django.core.management import call_command

    big = tmp_path / "big.json"
    big.write_text('{"schema_version": "1", "answers": {"us_patients": ' + "9" * 5000 + "}}")
    with pytest.raises(SystemExit) as exit_info:
        call_command("assess", str(big))
    assert exit_info.value.code == 2
    assert "/answers/us_patients" in capsys.readouterr().err
    deep = tmp_path / "deep.json"
    deep.write_text('{"schema_version": "1", "answers": ' + "[" * 3000 + "]" * 3000 + "}")
    with pytest.raises(SystemExit):
        call_command("assess", str(deep))
    assert "nested" in capsys.readouterr().err
    with pytest.raises(Exception) as refused:
        call_command("assess", str(big), "--as-of", "1850-01-01")
    assert "1900-01-01" in str(refused.value)
