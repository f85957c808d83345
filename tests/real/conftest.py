"""tests/real: acceptance tests against real applications nobody here wrote (docs/TESTING-REAL.md).

Never collected by the plain `pytest -q` of `make test`: they install Debian packages, take minutes and need PHP.
`make test-real` runs them (ENT_AUDIT_REAL=1)."""

import os

if os.environ.get("ENT_AUDIT_REAL") != "1":
    collect_ignore_glob = ["test_*.py"]
