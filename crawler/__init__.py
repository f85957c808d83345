"""ent-audit crawler package: Scrapy project, browser capture and command line."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/ent-audit/ent-audit"  # named in the User-Agent, so site operators can look us up
