"""Every string of the HTML report, in English, the source language; French comes from the gettext catalogue
(ent_audit/locales, ``ent_audit.i18n``). README, "Add or change a translation".

``SOURCE`` marks each text for extraction (``N_``, ``pN_`` with a context, ``Plural`` for a ``(one, many)`` pair);
``CATALOGUE`` is the same tree in each report language, ``{"fr": {...}, "en": {...}}``, built once at import (a
missing French translation fails there). Plain strings ("—") are data, the same in every language.
"""

from __future__ import annotations

from typing import Any

from ent_audit.i18n import N_, Plural, pN_, translate_tree

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"  # no-break space: between a number and its unit

SOURCE: dict[str, Any] = {
    # TRANSLATORS: the number separators; French: U+202F (narrow no-break space) between thousands, a comma for decimals
    "number": {"thousands": pN_("thousands separator", ","), "decimal": pN_("decimal separator", ".")},
    "bytes": {"one": N_("byte"), "many": N_("bytes"), "units": (N_("kB"), N_("MB"), N_("GB"), N_("TB"))},
    "months": (
        N_("January"),
        N_("February"),
        N_("March"),
        N_("April"),
        N_("May"),
        N_("June"),
        N_("July"),
        N_("August"),
        N_("September"),
        N_("October"),
        N_("November"),
        N_("December"),
    ),
    "datetime": N_("{month} {day}, {year} at {hour}:{minute:02d}"),
    "timezone_label": {"Europe/Paris": N_("Paris time"), "UTC": N_("UTC")},
    "title": N_("Audit report"),
    "skip": N_("Skip to content"),
    "toc": N_("Contents"),
    "site": N_("Site"),
    "date": N_("Audit date"),
    "profile": N_("Logged-in profile"),
    "start_urls": N_("Start URLs"),
    "tool": N_("Tool"),
    "run_status": N_("Audit status"),
    "run_statuses": {
        "running": N_("running"),
        "finished": N_("finished"),
        "interrupted": N_("interrupted (partial results)"),
        "failed": N_("failed (partial results)"),
    },
    "none": "—",
    "summary": N_("Summary"),
    "pages_audited": N_("Pages audited"),
    "pages_error_suffix": N_("with errors"),
    "total_weight": N_("Total weight"),
    "mean_weight": N_("Mean weight per page"),
    "mean_ecoindex": N_("Mean EcoIndex"),
    "out_of_100": N_("out of 100"),
    "grade": N_("grade"),
    "total_requests": N_("Requests"),
    "third_party_weight": N_("Third-party weight"),
    "of_total": N_("of the total"),
    "templates": N_("Distinct URL templates"),
    "distribution": N_("EcoIndex grade distribution"),
    "distribution_alt": N_("Pages per EcoIndex grade: {items}."),
    "page_one": N_("page"),
    "page_many": N_("pages"),
    "not_scored": Plural(
        "{n} page not scored (error or non-HTML document).",
        "{n} pages not scored (errors or non-HTML documents).",
    ),
    "request_one": N_("request"),
    "request_many": N_("requests"),
    "pages": N_("Pages"),
    "pages_caption": N_("Audited pages, from the worst EcoIndex grade to the best"),
    "col_url": N_("Address"),
    "col_template": pN_("pages table column", "Template"),
    "col_grade": N_("Grade"),
    "col_score": N_("Score"),
    "col_weight": N_("Weight"),
    "col_requests": N_("Requests"),
    "col_dom": N_("DOM elements"),
    "col_status": N_("Status"),
    "col_type": N_("Type"),
    "col_resource": N_("Resource"),
    "col_page": N_("Page"),
    "col_loads": N_("Loads"),
    "not_rated": N_("not scored"),
    "unsettled": N_("network never idle"),
    "final_url": N_("The page ended on another address: {url}."),
    "heaviest": N_("Heaviest resources"),
    "heaviest_caption": N_("The {n} heaviest resources of the audit (one row per address)"),
    "heaviest_empty": N_("No resource measured."),
    "per_page": N_("Resources per page"),
    "per_page_caption": N_("Heaviest resources of {url}"),
    "others": Plural("{n} other resource: {weight}", "{n} other resources: {weight}"),
    "third_party": N_("third party"),
    "cached": N_("cache"),
    "redirect": N_("redirect"),
    "declarations": N_("Draft declarations"),
    "declarations_intro": N_(
        "ent-audit drafts the accessibility statement (déclaration d'accessibilité) from this audit, in French as "
        "the law asks, in HTML and Markdown: the pages audited, the date, the tools and the test environment, and "
        "the non-conformities found, by RGAA criterion, are filled in; what only a person can state (the entity, "
        "the contact, the dérogations…) comes from the [declaration] table of the config, else it is marked "
        "[à compléter] and the draft says it is not ready to publish."
    ),
    "declarations_ecodesign": N_(
        "It also drafts the déclaration d'écoconception (RGESN 2024): a filled copy of the official spreadsheet and "
        "its text model in HTML and Markdown, with the crawl's measurements as evidence; every criterion stays to be "
        "assessed unless the [declaration.rgesn] table of the config gives its status and date."
    ),
    "declarations_level": N_(
        "An automated audit proves non-conformities, never conformity: the draft says “non conforme” unless the "
        "config gives the rate of a complete RGAA audit made by a person."
    ),
    "declarations_command": N_("Write the drafts from the history store with:"),
    "declarations_where": N_(
        "Add --db as given to the audit, if it was. The audit does not write them itself: a person completes the "
        "drafts, and the next audit into the same folder must not overwrite that work (README, Declarations)."
    ),
    "declarations_untested": N_(
        "No page of this audit was tested for accessibility: there is no accessibility statement to draft from it, "
        "only the eco-design declaration."
    ),
    "methodology": N_("Methodology"),
    "methodology_text": (
        N_(
            "Each page is loaded once in Chromium, in a fresh browsing context (empty cache), with a "
            "1920\u00a0×\u00a01080 pixel window. Loading is considered complete when the network is idle, after "
            "scrolling to the bottom of the page (to trigger lazy loading) and another idle network, within a time "
            "limit: pages that keep refreshing are flagged."
        ),
        N_(
            "The weight of a page is the sum of the bytes received over the network for all its responses, headers "
            "and redirects included. The requests counted are the responses received over the network, redirects "
            "included; those served by the browser cache are not counted. The DOM element count includes every "
            "element of the document except the descendants of svg elements."
        ),
        N_(
            "The EcoIndex (score from 0 to 100, grade from A to G) follows the method published by the GreenIT "
            "collective (cnumr): score = 100 − 5 × (3 × q(DOM) + 2 × q(requests) + q(weight)) / 6, where each q "
            "places the measure (from 0 to 20) within the reference quantiles, the weight being counted in kB of "
            "1,000 bytes. Pages with errors and non-HTML documents are not scored."
        ),
    ),
    "generated_by": N_("Report produced by ent-audit {version}."),
    "inclusive": N_("Inclusive"),
    "inclusive_heading": N_("Inclusive — accessibility (RGAA 4.1)"),
    "a11y_intro": (
        N_(
            "Automated tests cover only about a fifth of the criteria of RGAA (the French accessibility standard): "
            "they find defects but cannot show that a page is accessible. This report therefore gives no conformity "
            "rate; only a full audit, carried out by a person on a sample of pages, can."
        )
    ),
    "a11y_tested": Plural("{n} page tested with {engine}.", "{n} pages tested with {engine}."),
    "a11y_incomplete": Plural(
        "axe-core did not finish on {n} page (time limit or engine error): its violations may be missing.",
        "axe-core did not finish on {n} pages (time limit or engine error): their violations may be missing.",
    ),
    "a11y_untested": N_("No page could be tested for accessibility."),
    "a11y_off": N_(
        "Accessibility not tested: axe-core was turned off for this audit (--no-axe or [capture] "
        "accessibility = false). This report says nothing about the site’s accessibility."
    ),
    "pillar_off_detail": N_("axe-core turned off (--no-axe)"),
    "statement_shown": N_("The home page shows the accessibility notice: “Accessibilité : {value}”."),
    "statement_missing": (
        N_(
            "The home page does not show the “Accessibilité : …” notice stating the site’s status, "
            "mandatory for public services."
        )
    ),
    "statement_unknown": N_("Whether the home page shows the accessibility notice was not recorded."),
    "a11y_counts": N_("Of the 106 criteria: {fail}, {ok}, {manual}."),
    "count_fail": Plural("{n} with a non-conformity detected", "{n} with a non-conformity detected"),
    "count_ok": Plural("{n} with no issue found by automated tests", "{n} with no issue found by automated tests"),
    "count_manual": Plural("{n} to check manually", "{n} to check manually"),
    "issues": N_("Issues detected"),
    "issues_intro": (
        N_("The same defect on the same component (the same menu on every page, each row of a list) counts once.")
    ),
    "issues_caption": N_("Issues detected, grouped by component, most severe first"),
    "issues_empty": N_("No issue found by automated tests."),
    "issues_others": Plural(
        "{n} more issue is not listed here (see results.json).",
        "{n} more issues are not listed here (see results.json).",
    ),
    "col_issue": N_("Issue"),
    "col_impact": N_("Impact"),
    "col_rgaa": N_("RGAA criteria"),
    "col_extent": N_("Extent"),
    "on_pages": Plural("on {n} page", "on {n} pages"),
    "in_templates": Plural("{n} template", "{n} templates"),
    "elements": Plural("{n} element", "{n} elements"),
    "impacts": {
        "critical": N_("critical"),
        "serious": N_("serious"),
        "moderate": N_("moderate"),
        "minor": N_("minor"),
        "none": N_("not given"),
    },
    "rgaa_table": N_("The 106 criteria of RGAA 4.1"),
    "rgaa_intro": (
        N_(
            "Each criterion gets one of these three statuses. “No issue found” does not mean the criterion "
            "is met: automated tests check only part of it."
        )
    ),
    "rgaa_caption": N_("Theme {n}: {theme}, status of each criterion"),
    "theme_summary": "{n}. {theme}",
    "col_criterion": N_("Criterion"),
    "col_title": pN_("RGAA criteria table column", "Title"),
    "statuses": {
        "fail": N_("non-conformity detected"),
        "no_issue_found": N_("no issue found by automated tests"),
        "manual": N_("to check manually"),
    },
    "status_detail": "{pages}, {nodes}",
    "review_detail": Plural("results to review on {n} page", "results to review on {n} pages"),
    "types": {
        "document": N_("document"),
        "stylesheet": N_("stylesheet"),
        "script": N_("script"),
        "image": N_("image"),
        "font": N_("font"),
        "media": N_("media"),
        "xhr": N_("XHR"),
        "fetch": N_("fetch"),
        "websocket": N_("WebSocket"),
        "manifest": N_("manifest"),
        "other": N_("other"),
    },
    "colon": N_(":"),
    "profiles": N_("Logged-in profiles"),
    "col_profile": N_("Profile"),
    "linked_documents": N_("Linked documents"),
    "documents_total": N_("{weight} in all"),
    "documents_unknown": Plural("{n} of unknown size", "{n} of unknown size"),
    "templates_caption": N_("Addresses discovered and pages audited per URL template, most frequent first"),
    "templates_intro": Plural(
        "At most {n} page is audited per URL template (addresses that differ only by an identifier, a date or "
        "a page number): endless calendars and look-alike posts end by themselves, and the audit covers more "
        "distinct templates.",
        "At most {n} pages are audited per URL template (addresses that differ only by an identifier, a date or "
        "a page number): endless calendars and look-alike posts end by themselves, and the audit covers more "
        "distinct templates.",
    ),
    "templates_intro_capped": (
        N_(
            "A limited number of pages is audited per URL template (addresses that differ only by an identifier, a "
            "date or a page number): endless calendars and look-alike posts end by themselves, and the audit covers "
            "more distinct templates."
        )
    ),
    "templates_intro_uncapped": (
        N_("No per-template page limit was set for this audit: only the maximum number of pages stopped it.")
    ),
    "templates_empty": N_("No URL template recorded for this audit."),
    "col_model": pN_("URL templates table column", "Template"),
    "col_seen": N_("URLs discovered"),
    "col_audited": N_("Pages audited"),
    "col_examples": N_("Examples"),
    "documents_caption": N_("Documents linked from {url}, measured without opening them"),
    "documents_count": Plural("{n} linked document", "{n} linked documents"),
    "documents_others": Plural("{n} other document: {detail}", "{n} other documents: {detail}"),
    "col_document": N_("Document"),
    "col_size": pN_("documents table column", "Size"),
    "col_measure": N_("Measured by"),
    "size_unknown": N_("unknown size"),
    "type_unknown": N_("unknown type"),
    "media_kinds": {"image": N_("image"), "video": N_("video"), "audio": N_("audio")},
    "measures": {"HEAD": N_("HEAD"), "GET_capped": N_("one-byte GET"), "GET": N_("full GET")},
    "measure_status": N_("response {status}"),
    "measure_error": N_("failed: {error}"),
    "blocked_caption": N_("Requests blocked for safety on {url}"),
    "blocked_count": Plural("{n} blocked request", "{n} blocked requests"),
    "blocked_others": Plural("{n} other blocked request.", "{n} other blocked requests."),
    "times": N_("{n}\u00a0times"),
    "col_method": N_("Method"),
    "col_reason": N_("Reason"),
    "blocked_method": N_("method not allowed"),
    "blocked_reasons": {"denied URL": N_("denied address")},
    "safety": N_("Crawl safety"),
    "safety_text": (
        N_(
            "The audit is read-only. Only GET, HEAD and OPTIONS requests leave the audit’s browsers (login once the "
            "form is submitted, crawl, Lighthouse), on every channel (pages, popups, frames, workers, beacons, "
            "WebSockets, prefetches): any other method (POST, PUT, DELETE…) is aborted before it is sent, and so are "
            "addresses that name an action (logout, deletion, anti-CSRF token, action parameter…); links to such "
            "addresses, or whose text announces such an action, are never followed."
        )
    ),
    "safety_blocked": Plural(
        "{n} request was blocked for safety during this audit.",
        "{n} requests were blocked for safety during this audit.",
    ),
    "safety_blocked_none": N_("No request was blocked for safety during this audit."),
    "spared_links_caption": N_("Links not followed for safety"),
    "spared_links_none": N_("No link was left out for safety."),
    "spared_requests_caption": N_("Requests blocked for safety (every browser of the audit: login, crawl, Lighthouse)"),
    "allowed_writes_intro": N_("Writes let through because the configuration allows them ([safety] allow):"),
    "session_lost": (
        N_("Session lost for profile “{profile}”: the site logged the audit out after {method} {url} was blocked.")
    ),
    "session_lost_fix": (
        N_(
            "The pages reached afterwards, logged out, are not counted as audited content. If this "
            "request only keeps the session alive, allow it in the configuration:"
        )
    ),
    "spared_kinds": {
        "method": N_("write method"),
        "action parameter": N_("action parameter"),
        "csrf parameter": N_("anti-CSRF token"),
        "action": N_("action"),
        "link words": N_("link text"),
        "login page": N_("login page"),
        "denied by": N_("pattern denied by the configuration"),
        "service worker registration": N_("service worker registration"),
        "speculative load": N_("speculative load (prefetch, prerender)"),
        "guard error": N_("guard error (blocked as a precaution)"),
    },
    "deny_replaced": N_(
        "For this audit, the tool’s built-in list of denied addresses was replaced by the configuration’s."
    ),
    "deny_extra": Plural(
        "The audit configuration added {n} denied-address pattern.",
        "The audit configuration added {n} denied-address patterns.",
    ),
    "robots": {
        True: N_("The site’s robots.txt file was obeyed."),
        False: N_("The site’s robots.txt file was not applied, at the request of the person who ran the audit."),
    },
    "skipped_intro": N_("Links not followed, by reason (a link present on several pages counts each time):"),
    "skipped_none": N_("No link was left out."),
    "skipped_reasons": {
        "denied": N_("denied address (logout, deletion…)"),
        "out_of_scope": N_("outside the audited site"),
        "document": N_("linked document (measured without opening it)"),
        "robots": N_("refused by robots.txt"),
        "template_cap": N_("per-template page limit reached"),
        "page_budget": N_("maximum number of pages reached"),
        "not_http": N_("non-web address (mailto:, javascript:…)"),
    },
    "documents_method": (
        N_(
            "Linked documents (PDF, office files, archives, media) are not opened in the browser: their size is read "
            "from the headers of a HEAD request or, failing that, from the response to a GET request limited to one "
            "byte (RGESN 5.7). Their weight is given separately: it counts neither in the pages’ weight nor in the "
            "EcoIndex."
        )
    ),
    "weekdays": (
        N_("Monday"),
        N_("Tuesday"),
        N_("Wednesday"),
        N_("Thursday"),
        N_("Friday"),
        N_("Saturday"),
        N_("Sunday"),
    ),
    "weekday_datetime": N_("{weekday}, {datetime}"),
    "verdicts": {
        "pass": N_("Compliant"),
        "fail": N_("Non-compliant"),
        "na": N_("Not applicable"),
        "manual": N_("To check"),
        "not_measured": N_("Not measured"),
        "todo": N_("To be assessed by the team"),
    },
    "verdict_counts": {
        "pass": Plural("{n} compliant", "{n} compliant"),
        "fail": Plural("{n} non-compliant", "{n} non-compliant"),
        "na": Plural("{n} not applicable", "{n} not applicable"),
        "manual": Plural("{n} to check", "{n} to check"),
        "not_measured": Plural("{n} not measured", "{n} not measured"),
        "todo": Plural("{n} to assess", "{n} to assess"),
    },
    "col_result": N_("Result"),
    "col_detail": N_("Detail"),
    "finding_details": N_("Why, evidence, fix"),
    "why": N_("Why"),
    "evidence": N_("Evidence recorded"),
    "evidence_none": N_("No evidence recorded."),
    "evidence_more": Plural("+{n} more line (see results.json).", "+{n} more lines (see results.json)."),
    "value_yes": N_("yes"),
    "value_no": N_("no"),
    "value_none": "–",
    "evidence_more_short": Plural("(+{n} more)", "(+{n} more)"),
    "pages_by_verdict": N_("Pages by result: {counts}."),
    "failing_pages": N_("Failing pages"),
    "fix": N_("How to fix"),
    "responsible": N_("Responsible"),
    "responsible_heading": N_("Responsible: security, personal data, right to disconnect"),
    "responsible_intro": (
        N_(
            "This part records what the Doctrine technique du numérique pour l’éducation (the French education "
            "ministry’s technical doctrine) asks for and a crawl of the site can observe: encrypted traffic (HTTPS, "
            "HSTS, TLS version), security headers, protected session cookies, third-party services and trackers, "
            "single sign-on, legal pages, items published during quiet hours."
        )
    ),
    "responsible_limits": (
        N_(
            "Its limits: everything is observed from outside, with one account, without access to the servers or "
            "the contracts. The security framework the doctrine refers to could not be consulted: the checks follow "
            "RGS, GDPR and CNIL practice. This is evidence, not a certification."
        )
    ),
    "doctrine_caption": N_("Technical doctrine criteria checked on the site"),
    "doctrine_empty": N_("No technical doctrine criterion was checked for this audit."),
    "deconnexion": N_("Right to disconnect"),
    "deconnexion_window": N_("Quiet window used: {window} ({timezone})."),
    "deconnexion_source": N_("Where this window comes from: {source}"),
    "deconnexion_pages": Plural(
        "{n} audited page showed timestamped items.",
        "{n} audited pages showed timestamped items.",
    ),
    "deconnexion_no_pages": N_("No audited page showed a timestamped item."),
    "deconnexion_caption": N_("Items timestamped inside the quiet window"),
    "deconnexion_none": N_("No item timestamped inside the quiet window."),
    "deconnexion_more": Plural(
        "{n} more item inside the window is not listed here (see results.json).",
        "{n} more items inside the window are not listed here (see results.json).",
    ),
    "deconnexion_evidence": (
        N_(
            "These timestamps are evidence, never a verdict of compliance: they tell what the pages show, not when "
            "families were notified."
        )
    ),
    "col_local_time": N_("Local time"),
    "col_item": N_("Item"),
    "durable": N_("Sustainable"),
    "durable_heading": N_("Sustainable: eco-design (RGESN, EcoIndex, carbon)"),
    "durable_intro": (
        N_(
            "This part measures how lean the pages are: weight, requests, images, fonts, caching, compression, "
            "judged against the criteria of RGESN (the French eco-design standard for digital services) that a crawl "
            "can measure, with each page’s EcoIndex and two carbon estimates."
        )
    ),
    "durable_limits": (
        N_(
            "Its limits: each page is loaded once, from an empty cache (only a sample is loaded again, see the "
            "methodology). The EcoIndex is a relative score, placing a page’s weight, request count and DOM size "
            "among other pages of the web; it is not a measure of energy. Carbon figures come from models: they are "
            "orders of magnitude."
        )
    ),
    "carbon": N_("Carbon"),
    "carbon_ecoindex": N_("EcoIndex (greenhouse gases and water per visit, EcoIndex model)"),
    "carbon_swd": N_("Sustainable Web Design v4 (g CO₂e per visit, electricity grid intensity: {grid}\u00a0g/kWh)"),
    "per_visits": N_("{value} per {visits} visits"),
    "water": N_("and {value} of water"),
    "carbon_none": N_("not computed (no page scored)"),
    "carbon_note": (
        N_(
            "Two different models that do not measure the same thing (EcoIndex derives its figures from the pages’ "
            "score, Sustainable Web Design converts the bytes transferred into energy, then carbon): their numbers "
            "must never be added together. Each is the mean per page view over the scored pages, times 1,000."
        )
    ),
    "grid_global": (
        N_(
            "{grid}\u00a0g/kWh is the world average, the model’s default; the French grid is far less "
            "carbon-intensive (about {france}\u00a0g/kWh, set in the configuration: [durable] grid_g_per_kwh)."
        )
    ),
    "rgesn_measured": N_("RGESN — measured criteria"),
    "rgesn_measured_intro": (
        N_(
            "Each criterion is judged page by page, then for the site: non-compliant as soon as one page is. The "
            "estimated saving adds up the bytes that could be saved on the audited pages."
        )
    ),
    "rgesn_caption": N_("RGESN criteria measured on the site, by number"),
    "rgesn_empty": N_("No RGESN criterion was measured for this audit."),
    "col_failing": N_("Pages failing / judged"),
    "col_saving": N_("Estimated saving"),
    "rgesn_score": N_("RGESN score of the automated part: {conformes} out of {evaluated} ({percent})."),
    "rgesn_score_weighted": (
        N_(
            "RGESN 2024 score of the criteria assessed (automated part): {percent}, {points} points out of "
            "{possible} ({conformes} out of {evaluated}), each criterion weighted by its priority (Prioritaire 1.5, "
            "Recommandé 1.25, Modéré 1)."
        )
    ),
    "rgesn_score_none": N_("RGESN score of the automated part: no criterion could be assessed."),
    "score_evaluated": Plural("{n} criterion assessed", "{n} criteria assessed"),
    "rgesn_score_caveat": (
        N_(
            "Criteria not applicable, criteria to check and the criteria that are not automated (to be assessed by "
            "the team) are not counted: this is not the service’s full RGESN score."
        )
    ),
    "rgesn_all": N_("The 78 RGESN criteria"),
    "rgesn_all_intro": (
        N_(
            "RGESN 2024 has 78 criteria. The crawl judges {n} of them automatically; the others (strategy, hosting, "
            "algorithms…) are to be assessed by the team that designs and runs the service. The titles are "
            "summaries, not the official wording."
        )
    ),
    "family_summary": N_("{n}. {family} ({criteria}): {counts}"),
    "family_criteria": Plural("{n} criterion", "{n} criteria"),
    "family_caption": N_("Family {n}: {family}, result of each criterion"),
    "page_rgesn": N_("RGESN criteria failing on this page:"),
    "page_rgesn_count": Plural("{n} RGESN criterion failing", "{n} RGESN criteria failing"),
    "page_violations_count": Plural("{n} accessibility issue", "{n} accessibility issues"),
    "saving_estimate": N_("estimated saving {saving}"),
    "low_bandwidth": N_("At 512\u00a0kbit/s, empty cache: page loaded in {seconds}\u00a0s ({weight}, {requests})."),
    "low_bandwidth_timeout": N_("At 512\u00a0kbit/s, empty cache: page not loaded within {seconds}\u00a0s."),
    "low_bandwidth_skipped": N_("Load at 512\u00a0kbit/s not judged: {reason}"),
    "repeat_visit": N_("Second visit, browser cache filled: {requests}, {weight}; {cached}, {again}."),
    "repeat_cached": Plural("{n} resource read from the cache", "{n} resources read from the cache"),
    "repeat_again": Plural("{n} resource downloaded again ({weight})", "{n} resources downloaded again ({weight})"),
    "repeat_again_none": N_("none downloaded again"),
    "repeat_visit_skipped": N_("Second visit not judged: {reason}"),
    "lighthouse_page": (
        N_(
            "Lighthouse (desktop): performance {performance}, accessibility {accessibility}, "
            "best practices {best}, SEO {seo}; LCP {lcp}\u00a0ms, TBT {tbt}\u00a0ms, CLS {cls}; "
            "{weight} and {requests} requests according to Lighthouse, {our_weight} and {our_requests} "
            "according to ent-audit."
        )
    ),
    "lighthouse_note": N_("Lighthouse: {note}"),
    "lighthouse_method": (
        N_(
            "Lighthouse {version} checked {ran} after the crawl (the first page of each template, at most {asked}), "
            "logged in with the profile's session, each page in a fresh Chromium (empty cache), {seconds}\u00a0s a "
            "page on average. Its figures differ from ours for known reasons: Lighthouse also counts its own icon "
            "(favicon) request, does not scroll the page, and its performance scores simulate a slower network and "
            "processor. The lighthouserc.json file shipped with this report carries our budgets for Lighthouse CI."
        )
    ),
    "lighthouse_pages": Plural("{n} page", "{n} pages"),
    "lighthouse_off": N_("Lighthouse was not run for this audit."),
    "lighthouse_skipped": N_("Pages not checked by Lighthouse:"),
    "lighthouse_skip_item": N_("{url}: {reason}"),
    "sample_method": (
        N_(
            "A sample is loaded a second time: the first page of each URL template, for {limit}, is opened again in "
            "the same browser to see what is downloaded again (RGESN 6.2), then loaded from an empty cache at "
            "512\u00a0kbit/s to time it (RGESN 2.3). These loads do not change the page’s own measure. {sampled}"
        )
    ),
    "sample_limit": Plural("{n} template at most", "{n} templates at most"),
    "sample_limit_unknown": N_("a number of templates limited by the configuration"),
    "sample_off": N_("No page was loaded a second time for this audit (sample turned off)."),
    "sampled": Plural("{n} page was loaded again for this audit.", "{n} pages were loaded again for this audit."),
    "quiet_method": N_("Right to disconnect: quiet window {window} ({timezone})."),
    # compare-sites
    "sites_title": N_("ENTs compared by page kind"),
    "sites_intro": (
        N_(
            "Every ENT is measured the same way (one load per page, empty cache, same rules); means are "
            "over the pages that loaded without error. Accessibility issues are counted as axe-core "
            "rules violated per page."
        )
    ),
    "sites_overall": N_("All pages"),
    "sites_overall_caption": N_("Means of all audited pages, per ENT"),
    "sites_by_kind": N_("By page kind"),
    "sites_kinds_intro": (
        N_("A page's kind comes from its address (the config's [kinds] table, else the usual ENT addresses).")
    ),
    "sites_kind_caption": N_("{kind}: means per ENT"),
    "sites_no_page": N_("no page of this kind"),
    "col_site": N_("ENT"),
    "col_mean_requests": N_("Requests per page"),
    "col_violations_per_page": N_("Accessibility issues per page"),
    # Evolution
    "evolution": N_("Evolution"),
    "evolution_intro": Plural(
        "The last audit of this site with this profile.",
        "The last {n} audits of this site with this profile, oldest first (this one last). Each "
        "point is an audit; the table gives the same figures.",
    ),
    "evolution_eco": N_("Mean EcoIndex (out of 100)"),
    "evolution_weight": N_("Mean weight per page"),
    "evolution_issues": N_("Accessibility issues (rule × page)"),
    "evolution_caption": N_("Figures of the last audits"),
    "col_date": N_("Date"),
    "col_issues": N_("Accessibility issues"),
    "this_run": N_("this audit"),
    # Summary: the three pillars and the priorities
    "pillar_inclusive_value": Plural("{n} RGAA criterion failing", "{n} RGAA criteria failing"),
    "pillar_inclusive_detail": "{severe} · {ok} · {manual}",
    "severe_issues": Plural("{n} critical or serious issue", "{n} critical or serious issues"),
    "pillar_untested": N_("accessibility not tested"),
    "pillar_responsible_value": Plural("{fail} check failing out of {judged}", "{fail} checks failing out of {judged}"),
    "pillar_responsible_detail": "{ok} · {manual}",
    "pillar_durable_value": N_("Mean EcoIndex {score} out of 100"),
    "pillar_not_judged": N_("not assessed in this audit"),
    "priorities": N_("Priorities"),
    "priorities_intro": (
        N_(
            "The actions that matter most, ranked by impact: bytes saved for sobriety, severity and extent for "
            "accessibility, account security for the Doctrine technique. Each links to its criterion."
        )
    ),
    "priorities_none": N_("No non-conformity found by the automated tests: no priority action."),
    "priority_saving": N_("Estimated gain: −{saving} {pages} ({share} of the total weight measured)."),
    "priority_pages": N_("{pages} out of {total} concerned."),
    "priority_a11y": N_("Impact {impact}, {pages} ({templates}), {nodes}."),
    "priority_site": N_("Concerns the whole site: {why}"),
    "priority_a11y_fix": N_("Examples and the code at fault are in the Inclusive part."),
    "priority_a11y_fix_rgaa": (
        N_(
            "Meet RGAA criterion {criterion} (“{title}”) on the elements reported; examples "
            "and the code at fault are in the Inclusive part."
        )
    ),
    "priority_todo": N_("To do"),
    "pillar_labels": {"inclusif": N_("Inclusive"), "responsable": N_("Responsible"), "durable": N_("Sustainable")},
    "key_figures": N_("Key figures"),
    "pages_count": Plural("{n} page", "{n} pages"),
    "doctrine_ref": N_("Doctrine technique"),
    "pillar_pass": Plural("{n} compliant", "{n} compliant"),
    "templates_left": N_("The next {templates} ({pages}) are not detailed here: see pages.csv."),
    "templates_rows_rest": Plural(
        "{n} other, rarer template is not listed (see results.json).",
        "{n} other, rarer templates are not listed (see results.json).",
    ),
    "pages_table_rest": Plural(
        "{n} other page, better rated, is in pages.csv and results.json.",
        "{n} other pages, better rated, are in pages.csv and results.json.",
    ),
    # Per page template
    "templates_heading": N_("By page template"),
    "templates_pages_intro": (
        N_(
            "Templates are ranked worst first (EcoIndex grade of their worst page), then their pages worst first. "
            "Each page unfolds: weight by type, heaviest resources, failing criteria. Beyond {n} pages per template "
            "the next ones are not detailed here (they look alike); all are in results.json, pages.csv and "
            "resources.csv."
        )
    ),
    "template_summary": N_("{pages}, mean weight {weight}, mean EcoIndex {score}"),
    "template_rest": Plural(
        "{n} other page of this template is not detailed here (see the pages table).",
        "{n} other pages of this template are not detailed here (see the pages table).",
    ),
    "by_type_caption": N_("Weight of {url} by resource type"),
    "col_count": N_("Count"),
    "col_share": N_("Share of weight"),
    "page_violations": N_("Accessibility issues on this page (axe-core):"),
    "violations_more": Plural("and {n} more.", "and {n} more."),
    # Methodology
    "versions": N_("Versions and settings"),
    "version_tool": N_("ent-audit"),
    "version_axe": N_("Accessibility engine"),
    "version_browser": N_("Browser"),
    "version_lighthouse": N_("Lighthouse"),
    "version_third_parties": N_("Third-party services and categories"),
    "not_recorded": N_("not recorded"),
    "not_run": N_("not run"),
    "settings_scope": N_("Scope"),
    "scope_text": N_("{pages} at most, link depth {depth} at most, {per_template} per URL template, {concurrency}"),
    "concurrency_count": Plural("{n} page loaded at once", "{n} pages loaded at once"),
    "no_limit": N_("no limit"),
    "settings_budgets": N_("Page budgets"),
    "budgets_text": N_("{weight} and {requests} requests (RGESN 6.1)"),
    "settings_grid": N_("Grid carbon intensity"),
    "limits": N_("Known limits"),
    "limits_text": (
        N_(
            "Automated tests cover only part of RGAA: “no issue found” does not mean compliant, and most criteria "
            "need a human check."
        ),
        N_("Pages are loaded from the audit machine: timings depend on its network, not on families’ networks."),
        N_("EcoIndex and the carbon models are comparative estimates, not footprints."),
        N_("Only pages the logged-in profile can reach, without any action that changes data, are audited."),
    ),
}

CATALOGUE: dict[str, dict[str, Any]] = translate_tree(SOURCE)
