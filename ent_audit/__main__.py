"""``python -m ent_audit`` is the ``ent-audit`` command."""

import sys

from ent_audit.crawler.commands import main

if __name__ == "__main__":
    sys.exit(main())
