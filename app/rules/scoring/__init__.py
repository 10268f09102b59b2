"""Scoring a meeting's quality on a 100-point rubric kept as data (resources/rubrics/*.toml)."""
from .engine import (Adjustment, CriterionScore, Entry, GroupScore, ScoreResult, Suggestion,
                     entries_from_score, points_for_value, rating_for, score, suggest)
from .history import YearSummary, year_summary
from .rubric import (KINDS, Cap, Criterion, ForcedRating, Group, Rating, Rubric, RubricError,
                     ValidationError, copy_rubric, list_rubrics, load_rubric, rubric_to_dict,
                     shipped_dir, shipped_rubric, to_toml, validate)
from .sources import CHECKLISTS, FACTS, SOURCES, Measure, record_facts

__all__ = [
    "Adjustment", "CriterionScore", "Entry", "GroupScore", "ScoreResult", "Suggestion",
    "entries_from_score", "points_for_value", "rating_for", "score", "suggest",
    "YearSummary", "year_summary",
    "KINDS", "Cap", "Criterion", "ForcedRating", "Group", "Rating", "Rubric", "RubricError",
    "ValidationError", "copy_rubric", "list_rubrics", "load_rubric", "rubric_to_dict",
    "shipped_dir", "shipped_rubric", "to_toml", "validate",
    "CHECKLISTS", "FACTS", "SOURCES", "Measure", "record_facts",
]
