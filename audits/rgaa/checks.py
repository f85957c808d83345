"""Our own RGAA checks beyond axe: their small registry, and the findings they give on one page.

Each check is one module of this package: one declaration, :func:`own_check` (the criterion; the name a criterion's
``rules`` shows, prefixed ``ent-audit:``; ``needs``, the keys of the page's ``accessibility.facts`` it reads), and one
pure function of a results.json page (a dict) that returns a :class:`~ent_audit.audits.rules.Finding`, or None when
there is nothing to judge. Adding a check is adding a module; :func:`own_checks` imports every module of the package.

Why a registry of their own rather than :func:`ent_audit.audits.rules.rule`: registering them there would change what
a run says. The judge's rules judge a ``PageCapture`` of a page that loaded, say ``not_measured`` when a fact they need
is missing, and have their texts (title, why, fix) stored in results.json. These checks judge the page *dicts* of
results.json or of the store's rows (the site view recomputes them from either and must give the same answer), run on
every page axe tested, give **no** finding when a fact was not recorded (never a guess, and no ``not_measured`` line
per page), and are titled by their RGAA criterion (criteria.py). Same shape otherwise (a declaration naming the facts
read, one pure function, one module each), so that moving them into the judge's registry is a change of decorator
once those outputs are meant to change.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ent_audit.audits.rgaa.pages import a11y_facts, tested
from ent_audit.audits.rules import Evidence, Finding, Message, note
from ent_audit.audits.rules import facts as values_only

# The check modules in the order of the outputs (results.json's findings); a module not listed comes after them.
REPORT_ORDER = (
    "doctype",
    "duplicate_ids",
    "lang",
    "headings",
    "presentation",
    "reflow",
    "skip_link",
    "new_window",
    "documents",
    "autoplay",
)
EVIDENCE_ITEMS = 5  # links or documents listed in one finding's evidence

OwnCheckFunction = Callable[[dict[str, Any]], Finding | None]
F = TypeVar("F", bound=OwnCheckFunction)


@dataclass(frozen=True)
class OwnCheck:
    criterion: str  # "8.1"
    name: str  # "doctype": shown as "ent-audit:doctype" among the rules of a failed criterion
    check: OwnCheckFunction
    needs: tuple[str, ...] = ()  # keys of the page's accessibility facts; one missing: no finding

    @property
    def ref(self) -> str:
        return f"RGAA-{self.criterion}"

    @property
    def module(self) -> str:
        return self.check.__module__.rpartition(".")[2]


OWN_CHECKS: dict[str, OwnCheck] = {}  # criterion → its check (one check per criterion)


def own_check(criterion: str, name: str, needs: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register ``check(page) -> Finding | None`` as our own check of RGAA ``criterion``."""

    def register(check: F) -> F:
        if criterion in OWN_CHECKS and OWN_CHECKS[criterion].check is not check:
            raise ValueError(f"own check of RGAA {criterion} registered twice")
        OWN_CHECKS[criterion] = OwnCheck(criterion, name, check, tuple(needs))
        return check

    return register


@functools.cache
def _load_checks() -> None:
    """Import every module of this package, once (importing a check module registers its check)."""
    package = __name__.rpartition(".")[0]
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not module.name.startswith("_"):
            importlib.import_module(f"{package}.{module.name}")


def own_checks() -> list[OwnCheck]:
    """Every own check, in the order of the outputs."""
    _load_checks()
    order = {name: i for i, name in enumerate(REPORT_ORDER)}
    return sorted(OWN_CHECKS.values(), key=lambda c: (order.get(c.module, len(order)), c.module))


def check_name(criterion: str) -> str:
    """The name of the own check of ``criterion`` ("check" when it has none)."""
    own = OWN_CHECKS.get(criterion)
    return own.name if own else "check"


def note_of(text: Message) -> Evidence:
    """Evidence that is one message (``note_of(msg("No doctype"))``)."""
    return values_only(note(text))


def page_findings(page: dict[str, Any]) -> list[dict[str, Any]]:
    """RGAA findings from the page's facts (our own checks beyond axe); empty for a page not tested.

    A fact the crawler did not record gives no finding (never a guess).
    """
    if not tested(page):
        return []
    facts = a11y_facts(page)
    out: list[dict[str, Any]] = []
    for own in own_checks():
        if all(need in facts for need in own.needs):
            finding = own.check(page)
            if finding is not None:
                out.append(finding.to_dict(own.ref))
    return out
