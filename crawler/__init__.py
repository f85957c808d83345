"""ent-audit crawler package: Scrapy project, browser capture and command line."""

__version__ = "0.1.0"
