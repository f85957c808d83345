"""``python -m ent_audit`` is the ``ent-audit`` command."""
import sys

from ent_audit.crawler.cli import main

if __name__ == "__main__":
    sys.exit(main())
