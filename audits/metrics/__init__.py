"""Metrics of a page or a run: EcoIndex (score, grade, greenhouse gases, water) and carbon per visit (SWD v4)."""
