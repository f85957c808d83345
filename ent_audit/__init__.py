"""ent-audit: sobriety and accessibility auditor for school digital workspaces (ENT).

One installed namespace over the repository's top-level folders (symbolic links here, copied into the wheel):
``ent_audit.crawler`` produces page facts, ``ent_audit.audits`` judges them, ``ent_audit.reports`` stores and draws
the judged run, ``ent_audit.demo_ent`` is the demo ENT the tests crawl. See ARCHITECTURE.md.
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/ent-audit/ent-audit"  # named in the User-Agent, so site operators can look us up
