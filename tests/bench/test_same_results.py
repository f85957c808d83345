"""bench/same_results.py: two runs compared page by page, by path, whatever their ports and timings."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = json.loads((ROOT / "tests" / "golden" / "demo" / "results.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("same_results", ROOT / "bench" / "same_results.py")
assert _spec and _spec.loader
same_results = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(same_results)


def moved(results: dict, port: int) -> dict:
    """The same run served on another port, at other times."""
    text = json.dumps(results).replace("127.0.0.1:41313", f"127.0.0.1:{port}")
    other = json.loads(text)
    other["run"]["id"] = "another"
    for page in other["pages"]:
        page["duration_ms"] += 1000
    return other


def test_the_same_run_on_another_port_is_the_same():
    assert same_results.differences(GOLDEN, moved(GOLDEN, 50000)) == []


def test_a_changed_measure_a_missing_page_and_a_changed_verdict_are_each_named():
    other = moved(GOLDEN, 50000)
    other["pages"][0]["transfer_bytes"] += 1
    other["pages"][1]["accessibility"]["violations"] = []
    removed = other["pages"].pop()
    judged = next(p for p in other["pages"][2:] if p["findings"])
    judged["findings"][0]["verdict"] = "pass" if judged["findings"][0]["verdict"] != "pass" else "fail"
    found = same_results.differences(GOLDEN, other)
    assert len(found) == 4, found
    assert found[0].startswith("only in A: ") and urlsplit(removed["url"]).path in found[0]
    assert any(line.startswith("/: transfer_bytes ") for line in found)
    assert any(": violations " in line for line in found) and any(": findings " in line for line in found)


def test_verdict_changes_are_counted_by_rule():
    other = moved(GOLDEN, 50003)
    judged = [p for p in other["pages"] if p["findings"]][:3]
    for page in judged:
        page["findings"][0]["verdict"] = "manual"
    changes = same_results.verdict_changes(GOLDEN, other)
    assert sum(changes.values()) == sum(1 for p in judged if p["findings"][0]["verdict"] == "manual") == 3
    assert all(after == "manual" for (_, _, after) in changes)


def test_a_changed_selector_of_a_kept_node_is_named():
    other = moved(GOLDEN, 50002)
    page = next(p for p in other["pages"] if (p.get("accessibility") or {}).get("violations"))
    page["accessibility"]["violations"][0]["targets"][0] += " > span"
    found = same_results.differences(GOLDEN, other)
    assert len(found) == 1 and ": violations " in found[0], found


def test_the_command_exits_1_on_a_difference_and_0_without(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(GOLDEN), encoding="utf-8")
    b.write_text(json.dumps(moved(GOLDEN, 50001)), encoding="utf-8")
    assert same_results.main([str(a), str(b)]) == 0
    changed = copy.deepcopy(GOLDEN)
    changed["pages"][3]["dom_elements"] += 5
    b.write_text(json.dumps(changed), encoding="utf-8")
    assert same_results.main([str(a), str(b)]) == 1
    assert "dom_elements" in capsys.readouterr().out
