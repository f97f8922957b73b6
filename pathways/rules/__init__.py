"""Pathways rules (pure Python): the pathway catalogue, eligibility, obligations and the roadmap."""

from .advice import advise
from .eligibility import evaluate_pathways

__all__ = ["advise", "evaluate_pathways"]
