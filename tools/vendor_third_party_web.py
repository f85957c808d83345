"""Copies the third-party-web dataset Lighthouse installs (node_modules/third-party-web) into the package, trimmed to
what ent-audit reads: each entity's name, company, category and domains (`make vendor-third-party-web`).

The copy is committed (audits/vendor/third-party-web/): a wheel user has no node_modules. Its package.json carries
the version the report names; tests/audits/test_third_party_web.py checks it matches package-lock.json.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "node_modules" / "third-party-web"
VENDOR = ROOT / "audits" / "vendor" / "third-party-web"
KEPT = ("name", "company", "category", "domains")


def main() -> int:
    entities = json.loads((SOURCE / "dist" / "entities-nostats.json").read_text(encoding="utf-8"))
    trimmed = [{key: entity[key] for key in KEPT if key in entity} for entity in entities]
    VENDOR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(trimmed, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    (VENDOR / "entities.json").write_text(text.replace('},{"', '},\n{"') + "\n", encoding="utf-8")
    manifest = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))
    kept = {key: manifest[key] for key in ("name", "version", "description", "license", "repository", "author")}
    (VENDOR / "package.json").write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
    shutil.copyfile(SOURCE / "LICENSE", VENDOR / "LICENSE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
