"""A new rule is one file: registered from a module outside the repository (through the entry point group
``ent_audit.rules``, as another distribution would declare it), it is judged, stored and drawn in every output
(HTML report in both languages, results.json, findings.csv, JUnit, GitLab Code Quality) with no other file touched."""

from __future__ import annotations

import importlib
import json
import sys
import textwrap

import pytest

from ent_audit.audits import rules as registry
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.reports.formats import write_outputs
from ent_audit.reports.render import render_report
from ent_audit.reports.results import build_results, validate_results
from ent_audit.reports.store import Store

RULE_MODULE = '''
"""RGESN 6.6 (an example): a page reading the device's sensors. Its texts are not in ent-audit's catalogue:
rules.message gives both languages as such."""
from ent_audit.audits.rules import Column, Finding, URL, message, rule, table, value


@rule(ref="RGESN-6.6", pillar="durable",
      title=message("Capteurs sollicités seulement si nécessaire", "Sensors used only when needed"),
      why=message("Chaque lecture de capteur réveille le matériel.", "Each sensor reading wakes the hardware."),
      fix=message("Ne demander la position qu'à l'action de l'utilisateur.",
                  "Ask for the location on user action only."))
def sensors(page, settings):
    calls = page.facts.get("sensors") or []
    if not calls:
        return Finding.ok()
    return Finding.fail(table([Column("api", "code", message("Interface", "Interface")), URL],
                              ({"api": c["api"], "url": page.url} for c in calls),
                              [value(message("Appels aux capteurs", "Sensor calls"), "count", len(calls))]))
'''
DIST_INFO = {
    "METADATA": "Metadata-Version: 2.1\nName: ent-audit-sensors\nVersion: 1.0\n",
    "entry_points.txt": "[ent_audit.rules]\nsensors = ent_audit_sensors\n",
}


@pytest.fixture
def sensors_rule(tmp_path, monkeypatch):
    """The rule module and its distribution's metadata in a temporary directory on sys.path."""
    (tmp_path / "ent_audit_sensors.py").write_text(textwrap.dedent(RULE_MODULE), encoding="utf-8")
    dist = tmp_path / "ent_audit_sensors-1.0.dist-info"
    dist.mkdir()
    for name, text in DIST_INFO.items():
        (dist / name).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield
    registry.RULES.pop("RGESN-6.6", None)  # the registry outlives the test: leave it as it was
    sys.modules.pop("ent_audit_sensors", None)


def test_a_rule_from_another_module_appears_in_every_output(sensors_rule, tmp_path):
    url = "https://ent.example.fr/carte"
    page = PageCapture(
        url=url,
        final_url=url,
        status=200,
        mime="text/html",
        dom_elements=50,
        requests=[
            RequestRecord(
                url=url,
                resource_type="document",
                status=200,
                mime="text/html",
                transfer_bytes=5_000,
                decoded_bytes=5_000,
                protocol="h2",
            )
        ],
        facts={"sensors": [{"api": "geolocation.watchPosition"}]},
    )
    with Store(tmp_path / "h.sqlite") as store:
        run_id = store.start_run(start_urls=[url], tool_version="0", site="ENT", profile="élève", settings={})
        store.save_page(run_id, page, None)
        store.finish_run(run_id, status="finished", stats={})
        results = build_results(store, run_id)
    validate_results(results)

    [finding] = [f for f in results["pages"][0]["findings"] if f["ref"] == "RGESN-6.6"]
    assert finding["verdict"] == "fail" and finding["evidence"]["items"] == [
        {"api": "geolocation.watchPosition", "url": url}
    ]
    assert results["rules"]["RGESN-6.6"]["title"]["en"] == "Sensors used only when needed"
    site = {f["ref"]: f for f in results["site"]["findings"]}
    assert site["RGESN-6.6"]["verdict"] == "fail"
    assert {c["id"]: c for c in results["site"]["rgesn"]["criteria"]}["6.6"]["verdict"] == "fail"

    french, english = render_report(results), render_report(results, lang="en")
    assert "Capteurs sollicités seulement si nécessaire" in french and "Appels aux capteurs" in french
    assert "Interface\u00a0: geolocation.watchPosition" in french  # in the page's failing RGESN criteria
    assert "Sensors used only when needed" in english and "Sensor calls" in english
    assert "Sensor calls" not in french and "Appels aux capteurs" not in english

    write_outputs(results, tmp_path / "out", ("csv", "junit", "codequality"))
    csv = (tmp_path / "out" / "findings.csv").read_text("utf-8")
    assert f"{url},RGESN-6.6,fail,Sensors used only when needed" in csv
    junit = (tmp_path / "out" / "junit.xml").read_text("utf-8")
    assert 'name="RGESN-6.6: Sensors used only when needed"' in junit
    assert "Interface: geolocation.watchPosition" in junit
    issues = json.loads((tmp_path / "out" / "gl-code-quality.json").read_text("utf-8"))
    assert [i["description"] for i in issues if i["check_name"] == "RGESN-6.6"] == [
        "Sensors used only when needed: Sensor calls: 1"
    ]
