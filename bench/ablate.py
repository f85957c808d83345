"""ent-audit with parts of its capture switched off, for the bench's ablation (bench/large.py ``--variants``).

    python bench/ablate.py --off minify,overflow -- python -m ent_audit audit URL ...

Runs the ``ent-audit`` command in this process after replacing the named parts with no-ops, so the difference in
CPU a page between a run with and without a part is what that part costs. A bench tool only: a run with a part off
measures less than the product does (its results are not compared with anything). The read-only guard has no off
switch here: it is what keeps every run harmless; its cost shows in the browser process's share instead. Unused
JavaScript and CSS (coverage) has its own product switch, ``[capture] coverage = false``, which the bench uses
instead of a patch.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


async def _no_minify(self: Any, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    return []


async def _no_overflow(page: Any, width: int, height: int) -> int:
    return 0


async def _no_documents(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    return []


async def _no_leave(page: Any) -> None:
    return None


def switch_off(part: str) -> None:
    """Replace one part of the capture by a no-op where the spider calls it."""
    from ent_audit.crawler.capture.recorder import NetworkRecorder
    from ent_audit.crawler.safety import guard
    from ent_audit.crawler.spiders import ent

    if part == "minify":  # RGESN 6.3: response bodies read back and estimated
        NetworkRecorder.minify_estimates = _no_minify  # type: ignore[method-assign]
    elif part == "overflow":  # RGESN 2.5: the page relaid out at 1200 px wide
        ent.horizontal_overflow = _no_overflow
    elif part == "documents":  # HEAD requests sizing the linked documents (PDF…)
        ent.size_documents = _no_documents
    elif part == "leave":  # leaving each page for about:blank before its context closes (unload handlers judged)
        guard.leave_page = _no_leave
    else:
        raise SystemExit(f"ablate.py: unknown part {part!r} (minify, overflow, documents, leave)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--off", default="", help="comma-separated parts: minify, overflow, documents, leave")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- python -m ent_audit audit …")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if command[1:3] != ["-m", "ent_audit"]:
        raise SystemExit("ablate.py: expected -- PYTHON -m ent_audit ARGS…")
    for part in filter(None, args.off.split(",")):
        switch_off(part)
    from ent_audit.crawler.commands import main as ent_audit

    sys.argv = ["ent-audit", *command[3:]]
    return int(ent_audit() or 0)


if __name__ == "__main__":
    sys.exit(main())
