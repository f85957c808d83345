"""A complete RGAA audit made with Ara (DISIC/Ara, ara.numerique.gouv.fr), read from its JSON report.

The file is what Ara's API answers for a published report, ``GET https://ara.numerique.gouv.fr/api/reports/<id>``
(the ``AuditReportDto`` of ``confiture-rest-api/src/audits/dto/audit-report.dto.ts``; the same document DINUM's
Téléservice Conformité imports). Saved once by a person (``curl … > ara.json``), it is named in the config as
``[declaration] ara_report``; ent-audit never fetches it.

Only the fields that have kept their name and meaning across the DTO's versions are read: ``auditType``,
``accessibilityRate`` ("rate out of 100"), ``context.auditorOrganisation``, ``context.samples`` (id, name, url),
``results`` (topic, criterium, pageId, status), ``context.tools``, ``context.desktopEnvironments`` and
``mobileEnvironments``, ``publishDate``/``updateDate``/``creationDate`` and ``notCompliantContent`` (printed as
text: Ara's editor may have put markup in it, a person reviews the draft). The document is refused (one line,
exit 2) unless it is a complete audit, as Ara itself requires before it offers a statement (a statement-only
document, ``GetAccessibilityStatementDto``, has no ``results`` to check the rate against: refused too):

- ``auditType`` is ``FULL`` (106 criteria): Ara labels FAST and COMPLEMENTARY audits "audit partiel" and gives them
  no global rate and no statement;
- no result is still ``NOT_TESTED``;
- ``accessibilityRate`` is the rate Ara's own rule gives from ``results`` (``groupResultsByStatus``: a criterion is
  non-compliant when NOT_COMPLIANT on any page, compliant when COMPLIANT somewhere and COMPLIANT or NOT_APPLICABLE
  everywhere; rate = round(compliant / (compliant + non-compliant) × 100)), within one point: a change of meaning of
  the DTO shows there instead of printing a wrong level.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ent_audit.audits.rgaa import BY_ID, THEMES
from ent_audit.i18n import tr
from ent_audit.reports.declarations.model import HumanAudit, NonConformity
from ent_audit.reports.declarations.sample import PageRef

STATUSES = ("COMPLIANT", "NOT_COMPLIANT", "NOT_APPLICABLE", "NOT_TESTED")


class AraReportError(ValueError):
    """The file is not a complete Ara audit report that can be read reliably: one line, bad input."""


@dataclass(frozen=True)
class AraAudit:
    audit: HumanAudit
    non_conformities: tuple[NonConformity, ...]
    text: str  # the auditor's notCompliantContent, as written


def _fail(path: Path, why: str) -> AraReportError:
    return AraReportError(tr("[declaration] ara_report {path}: {why}").format(path=path, why=why))


def _criteria_status(results: list[dict[str, Any]]) -> dict[str, str]:
    """Ara's rule, per criterion over every page (the transverse one too): "C", "NC" or "NA"."""
    by_criterion: dict[str, set[str]] = {}
    for result in results:
        by_criterion.setdefault(f"{result['topic']}.{result['criterium']}", set()).add(result["status"])
    status = {}
    for cid, seen in by_criterion.items():
        if "NOT_COMPLIANT" in seen:
            status[cid] = "NC"
        elif "COMPLIANT" in seen:
            status[cid] = "C"
        else:
            status[cid] = "NA"
    return status


def _environment(env: dict[str, Any]) -> str:
    """``{browser, browserVersion, operatingSystem, …}`` → "Firefox 104, Windows 11, JAWS 14.2" (parts left out when
    empty)."""

    def part(name: str) -> str:
        return " ".join(f"{env.get(name) or ''} {env.get(name + 'Version') or ''}".split())

    return ", ".join(p for p in (part("browser"), part("operatingSystem"), part("assistiveTechnology")) if p)


def read_ara_report(path: Path) -> AraAudit:
    """The complete audit of an Ara JSON report; :class:`AraReportError` when it is not one (see the module)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(path, tr("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, tr("is not JSON ({reason})").format(reason=exc)) from None
    if not isinstance(data, dict) or "accessibilityRate" not in data or "results" not in data:
        raise _fail(path, tr("is not an Ara report (GET /api/reports/<id>: accessibilityRate and results expected)"))
    if data.get("auditType") != "FULL":
        raise _fail(
            path,
            tr(
                "auditType is {audit_type}: only a complete audit (FULL, 106 criteria) gives the rate of a declaration"
            ).format(audit_type=repr(data.get("auditType"))),
        )
    rate = data["accessibilityRate"]
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not math.isfinite(rate) or not 0 <= rate <= 100:
        raise _fail(path, tr("accessibilityRate must be a number from 0 to 100, got {rate}").format(rate=repr(rate)))
    results = data["results"]
    if not isinstance(results, list) or not all(
        isinstance(r, dict)
        and isinstance(r.get("topic"), int)
        and isinstance(r.get("criterium"), int)
        and r.get("status") in STATUSES
        for r in results
    ):
        raise _fail(path, tr("results must be a list of topic, criterium, pageId and status (an Ara status)"))
    untested = sum(1 for r in results if r["status"] == "NOT_TESTED")
    if untested:
        raise _fail(
            path, tr("{count} results are still NOT_TESTED: finish the audit in Ara first").format(count=untested)
        )
    status = _criteria_status(results)
    compliant = sum(1 for s in status.values() if s == "C")
    applicable = compliant + sum(1 for s in status.values() if s == "NC")
    computed = round(compliant / applicable * 100) if applicable else None
    if computed is None or abs(computed - rate) > 1:
        raise _fail(
            path,
            tr(
                "accessibilityRate {rate} does not match its results ({compliant} of {applicable} applicable criteria "
                "met): the report's format may have changed, give rgaa_rate by hand"
            ).format(rate=rate, compliant=compliant, applicable=applicable),
        )
    context: dict[str, Any] = data["context"] if isinstance(data.get("context"), dict) else {}
    auditor = " ".join(str(context.get("auditorOrganisation") or "").split())
    when = next((str(data[k])[:10] for k in ("publishDate", "updateDate", "creationDate") if data.get(k)), "")
    samples = {s.get("id"): s for s in context.get("samples") or [] if isinstance(s, dict)}
    failing: dict[str, list[PageRef]] = {}
    for result in results:
        if result["status"] != "NOT_COMPLIANT":
            continue
        cid = f"{result['topic']}.{result['criterium']}"
        sample = samples.get(result.get("pageId")) or {}
        ref = (
            PageRef("Éléments transverses", "")
            if result.get("transverse")
            else PageRef(" ".join(str(sample.get("name") or "").split()), str(sample.get("url") or ""))
        )
        if ref not in failing.setdefault(cid, []):
            failing[cid].append(ref)
    ordered = sorted(failing, key=lambda c: tuple(int(p) for p in c.split(".")))
    non_conformities = tuple(
        NonConformity(cid, BY_ID[cid].title_fr, THEMES[BY_ID[cid].theme]["fr"], tuple(failing[cid]))
        for cid in ordered
        if cid in BY_ID
    )
    environments = tuple(
        _environment(env)
        for key in ("desktopEnvironments", "mobileEnvironments")
        for env in context.get(key) or []
        if isinstance(env, dict) and _environment(env)
    )
    tools = tuple(" ".join(str(t).split()) for t in context.get("tools") or [] if isinstance(t, str) and t.strip())
    return AraAudit(
        audit=HumanAudit(float(rate), when, auditor, environments, tools, source="ara"),
        non_conformities=non_conformities,
        text=str(data.get("notCompliantContent") or "").strip(),
    )
