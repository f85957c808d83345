"""Carbon estimates per page view: Sustainable Web Design v4 (from transferred bytes) next to EcoIndex.

SWD v4 is implemented from the constants published in CO2.js (thegreenwebfoundation/co2.js,
``src/sustainable-web-design-v4.js``, Apache-2.0; peers.md §10); CO2.js is not a dependency.

The two models measure different things (EcoIndex derives its GHG and water figures from a score built on DOM size,
requests and weight; SWD v4 converts bytes to energy then to carbon): they are always reported side by side, labelled,
and never added together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GB = 1_000_000_000  # bytes (CO2.js constants/file-size.js)

# kWh per GB transferred, SWD v4
OPERATIONAL_KWH_PER_GB = {"data_centre": 0.055, "network": 0.059, "device": 0.080}  # Σ 0.194
EMBODIED_KWH_PER_GB = {"data_centre": 0.012, "network": 0.013, "device": 0.081}  # Σ 0.106

GLOBAL_GRID_INTENSITY = 494.0  # gCO2e/kWh, SWDV4.GLOBAL_GRID_INTENSITY; always used for embodied emissions
FRANCE_GRID_INTENSITY = 44.18  # gCO2e/kWh, CO2.js average-intensities "FRA"

# SWD v4 rating, upper bound (inclusive) in g per page view
RATINGS = (("A+", 0.040), ("A", 0.079), ("B", 0.145), ("C", 0.209), ("D", 0.278), ("E", 0.359))


@dataclass(frozen=True)
class SwdEstimate:
    operational_g: float
    embodied_g: float

    @property
    def total_g(self) -> float:
        return self.operational_g + self.embodied_g


def swd_v4(transfer_bytes: float, grid_g_per_kwh: float = GLOBAL_GRID_INTENSITY, green: bool = False) -> SwdEstimate:
    """gCO2e of transferring ``transfer_bytes`` once (one first visit), SWD v4.

    ``grid_g_per_kwh`` applies to the operational energy of all three segments; embodied energy always uses the
    global intensity (SWD v4 guidance). Green hosting zeroes the data centre's operational share only.
    """
    gigabytes = transfer_bytes / GB
    operational = sum(
        kwh for segment, kwh in OPERATIONAL_KWH_PER_GB.items() if not (green and segment == "data_centre")
    )
    embodied = sum(EMBODIED_KWH_PER_GB.values())
    return SwdEstimate(
        operational_g=gigabytes * operational * grid_g_per_kwh, embodied_g=gigabytes * embodied * GLOBAL_GRID_INTENSITY
    )


def swd_v4_g(transfer_bytes: float, grid_g_per_kwh: float = GLOBAL_GRID_INTENSITY, green: bool = False) -> float:
    return swd_v4(transfer_bytes, grid_g_per_kwh, green).total_g


def swd_rating(g_per_view: float) -> str:
    for letter, bound in RATINGS:
        if g_per_view <= bound:
            return letter
    return "F"


def per_1000_visits(
    pages: Iterable[tuple[float, float, int]], grid_g_per_kwh: float = GLOBAL_GRID_INTENSITY
) -> dict[str, Any]:
    """Both models per 1,000 visits, as the mean per page view × 1000, over ``(ghg_g, water_cl, transfer_bytes)``
    of the scored pages (EcoIndex GHG g and water cl per view, and bytes on the wire).

    Two separate blocks, never summed: ``ecoindex`` (score-based) and ``swd_v4`` (bytes-based).
    """
    rows = list(pages)
    n = len(rows)
    ghg = round(1000 * sum(r[0] for r in rows) / n, 2) if n else None
    water = round(1000 * sum(r[1] for r in rows) / n, 2) if n else None
    swd = round(1000 * sum(swd_v4_g(r[2], grid_g_per_kwh) for r in rows) / n, 3) if n else None
    return {
        "ecoindex": {"ghg_g_per_1000_visits": ghg, "water_cl_per_1000_visits": water},
        "swd_v4": {"grid_g_per_kwh": grid_g_per_kwh, "g_per_1000_visits": swd},
    }
