"""``atmp-advisor``, the console script (pyproject.toml): the full advice of the pure rules packages
with no Django and no settings, so it runs on a machine with no configuration at all."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from classification.rules.cli import run

from .advice import advise
from .labels import advice_text


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, advise=advise, text=advice_text)


if __name__ == "__main__":
    sys.exit(main())
