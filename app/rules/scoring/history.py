"""A year of scores at a glance: months per rating, average, months below a rating."""
from __future__ import annotations

from dataclasses import dataclass

# Best first; the 2019 scale ends with "Yếu", the 2025 one with "Kém".
DEFAULT_ORDER = ("Tốt", "Khá", "Trung bình", "Yếu", "Kém")


@dataclass(frozen=True)
class YearSummary:
    counts: dict[str, int]     # rating → months, every rating of ``order`` present (best first)
    average: float | None      # mean total, None when no month is scored
    below: list[int]           # months rated below ``threshold``, in order
    months: int                # months scored


def year_summary(scores: list[tuple[int, float, str]], order: tuple[str, ...] = DEFAULT_ORDER,
                 threshold: str = "Khá") -> YearSummary:
    """Summarise ``(month, total, rating)`` rows; ratings not in ``order`` count as below."""
    counts = {name: 0 for name in order}
    for _month, _total, rating in scores:
        counts[rating] = counts.get(rating, 0) + 1
    limit = order.index(threshold)
    below = sorted(m for m, _t, r in scores if r not in order or order.index(r) > limit)
    average = round(sum(t for _m, t, _r in scores) / len(scores), 2) if scores else None
    return YearSummary(counts, average, below, len(scores))
