"""Dated parameters, in the OpenFisca way: every threshold, sunset, window and date of
application the rules use is data in ``parameters_data/*.yaml`` (one file per area; a name may appear in one file only), with values keyed by the date they
take effect, a legal reference, a confidence tag and the date it was last verified.

``param(name, as_of)`` gives the value in force on ``as_of``: the value of the latest date on
or before it. Before the first date a parameter has no value and ``param`` raises, so a rule
can never read a value from before the law existed. No rule module compares ``as_of`` with a
date literal; the edge of every dated value lives here, in one place that the tests cover
for the day before and the day of each date.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .core import CONFIDENCES, Citation

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters_data"
PARAMETER_KEYS = {"description", "reference", "confidence", "verified_on", "values", "unit", "note"}


class ParameterNotDefined(LookupError):
    """The parameter has no value on that date (it did not exist yet)."""


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    reference: Citation
    confidence: str
    verified_on: date
    dates: tuple[date, ...]
    values: tuple[Any, ...]
    unit: str | None = None

    def at(self, as_of: date) -> Any:
        index = bisect_right(self.dates, as_of) - 1
        if index < 0:
            raise ParameterNotDefined(f"{self.name} has no value before {self.dates[0].isoformat()}")
        return self.values[index]

    def edges(self) -> list[tuple[date, Any, Any]]:
        """Each date after the first with the value the day before and the value from that day."""
        return [(self.dates[i], self.values[i - 1], self.values[i]) for i in range(1, len(self.dates))]


def _load(path: Path) -> dict[str, Parameter]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    parameters: dict[str, Parameter] = {}
    for name, spec in data.items():
        unknown = set(spec) - PARAMETER_KEYS
        if unknown:
            raise ValueError(f"parameter {name}: unknown keys {sorted(unknown)}")
        if spec.get("confidence", "V") not in CONFIDENCES:
            raise ValueError(f"parameter {name}: confidence must be one of {CONFIDENCES}")
        items = sorted(
            ((d if isinstance(d, date) else date.fromisoformat(str(d))), v) for d, v in spec["values"].items()
        )
        if not items:
            raise ValueError(f"parameter {name}: no values")
        verified = spec.get("verified_on")
        if verified is None:
            raise ValueError(f"parameter {name}: verified_on is required")
        parameters[name] = Parameter(
            name=name,
            description=str(spec["description"]),
            reference=Citation.from_dict(spec["reference"]),
            confidence=spec.get("confidence", "V"),
            verified_on=verified if isinstance(verified, date) else date.fromisoformat(str(verified)),
            dates=tuple(d for d, _ in items),
            values=tuple(v for _, v in items),
            unit=spec.get("unit"),
        )
    return parameters


def _load_all(folder: Path) -> dict[str, Parameter]:
    parameters: dict[str, Parameter] = {}
    for path in sorted(folder.glob("*.yaml")):
        for name, value in _load(path).items():
            if name in parameters:
                raise ValueError(f"parameter {name} is defined twice ({path.name})")
            parameters[name] = value
    return parameters


PARAMETERS: dict[str, Parameter] = _load_all(PARAMETERS_DIR)


def param(name: str, as_of: date) -> Any:
    """The value of parameter ``name`` in force on ``as_of``."""
    try:
        parameter = PARAMETERS[name]
    except KeyError:
        raise KeyError(f"no parameter {name} in parameters_data/") from None
    return parameter.at(as_of)


def parameter(name: str) -> Parameter:
    return PARAMETERS[name]
