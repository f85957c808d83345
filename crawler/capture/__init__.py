"""The one browser load of each page, and what it records: the network (recorder.py), the settled page (settle.py),
page facts, JavaScript and CSS coverage, accessibility (axe-core), linked documents; plus the loads made on a
sample only (samples.py: repeat visit, low bandwidth; lighthouse_sample.py) and the site-wide facts (site_checks.py).
Everything it produces is plain data (PageCapture, dicts): judging is audits/' business."""
