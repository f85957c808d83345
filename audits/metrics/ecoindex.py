"""EcoIndex (cnumr, "EcoIndex v3+ / ecoindex_python 5.x"), implemented from the published constants.

Reference: ../shared/reference/domain.md §6. The ecoindex Python package is CC BY-NC-ND and is not a dependency:
only the published formula and quantile tables are used here.

Rounding follows the reference implementation (Python's ``round``, half to even), pinned by tests.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass
from typing import Any

QUANTILES_DOM = (
    0,
    47,
    75,
    159,
    233,
    298,
    358,
    417,
    476,
    537,
    603,
    674,
    753,
    843,
    949,
    1076,
    1237,
    1459,
    1801,
    2479,
    594601,
)
QUANTILES_REQ = (0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920)
QUANTILES_SIZE_KB = (
    0,
    1.37,
    144.7,
    319.53,
    479.46,
    631.97,
    783.38,
    937.91,
    1098.62,
    1265.47,
    1448.32,
    1648.27,
    1876.08,
    2142.06,
    2465.37,
    2866.31,
    3401.59,
    4155.73,
    5400.08,
    8037.54,
    223212.26,
)

# Grade thresholds: a score strictly greater than the bound earns the grade.
GRADE_BOUNDS = (("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10))


@dataclass(frozen=True)
class EcoIndex:
    score: int
    grade: str
    ghg_g: float  # gCO2e per page view
    water_cl: float  # centilitres of water per page view
    dom: int
    requests: int
    size_kb: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def quantile(bounds: tuple[float, ...], value: float) -> float:
    """Position of ``value`` in the 20 intervals of ``bounds``, linear inside an interval, 20 past the last bound."""
    i = bisect_right(bounds, value)  # first index whose bound is > value
    if i >= len(bounds):
        return float(len(bounds) - 1)
    if i == 0:  # negative input: clamp to the first interval's start
        return 0.0
    low, high = bounds[i - 1], bounds[i]
    return (i - 1) + (value - low) / (high - low)


def score(dom: int, requests: int, size_kb: float) -> int:
    q_dom = quantile(QUANTILES_DOM, dom)
    q_req = quantile(QUANTILES_REQ, requests)
    q_size = quantile(QUANTILES_SIZE_KB, size_kb)
    return round(100 - 5 * (3 * q_dom + 2 * q_req + q_size) / 6)


def grade(value: float) -> str:
    for letter, bound in GRADE_BOUNDS:
        if value > bound:
            return letter
    return "G"


def ghg(value: float) -> float:
    return round(100 * (2 + 2 * (50 - value) / 100)) / 100


def water(value: float) -> float:
    return round(100 * (3 + 3 * (50 - value) / 100)) / 100


def compute(dom: int, requests: int, transfer_bytes: int) -> EcoIndex:
    """EcoIndex of one page load. Size is the transferred size in KB of 1000 bytes, as the reference scraper."""
    size_kb = transfer_bytes / 1000
    value = score(dom, requests, size_kb)
    return EcoIndex(
        score=value,
        grade=grade(value),
        ghg_g=ghg(value),
        water_cl=water(value),
        dom=dom,
        requests=requests,
        size_kb=size_kb,
    )
