"""Accessibility ("Inclusif"): RGAA 4.1 from axe-core's results and the pages' facts.

Pure functions over the page dicts of ``results.json`` (or the store's rows): no browser, no Scrapy. One module per
concern:

- ``criteria.py``: the 13 themes and 106 criteria, as data;
- ``axe.py``: axe-core's tags and rules read as RGAA criteria and WCAG success criteria;
- our own checks beyond axe, one module each (``doctype.py``, ``lang.py``, ``headings.py``… declared with
  :func:`.checks.own_check`; ``checks.py`` says why they have a registry of their own), judged on one page by
  :func:`page_findings`; ``titles.py``, the site-wide one (8.6);
- ``site.py``: the run's view (each criterion's status, the grouped issues of ``issues.py``, the home page's
  statement of ``statement.py``).

Automated tests cover roughly a fifth of RGAA, so nothing here ever says a criterion *conforms*: a criterion is
``fail``, ``no_issue_found`` or ``manual``.
"""

from __future__ import annotations

from ent_audit.audits.rgaa.axe import (
    AXE_EXPERIMENTAL,
    AXE_RULES,
    criteria_of_tags,
    criterion_of_ref,
    enrich_results,
    tests_of_tags,
    violation_criteria,
    wcag_of_tags,
)
from ent_audit.audits.rgaa.checks import REPORT_ORDER, own_checks, page_findings
from ent_audit.audits.rgaa.criteria import BY_ID, CRITERIA, THEMES, Criterion
from ent_audit.audits.rgaa.issues import IMPACTS, normalise_target
from ent_audit.audits.rgaa.pages import tested
from ent_audit.audits.rgaa.site import STATUSES, site_view
from ent_audit.audits.rgaa.statement import statement_view
from ent_audit.audits.rgaa.titles import title_findings

__all__ = [
    "AXE_EXPERIMENTAL",
    "AXE_RULES",
    "BY_ID",
    "CRITERIA",
    "IMPACTS",
    "REPORT_ORDER",
    "STATUSES",
    "THEMES",
    "Criterion",
    "criteria_of_tags",
    "criterion_of_ref",
    "enrich_results",
    "normalise_target",
    "own_checks",
    "page_findings",
    "site_view",
    "statement_view",
    "tested",
    "tests_of_tags",
    "title_findings",
    "violation_criteria",
    "wcag_of_tags",
]
