"""reports/files.py: an output is replaced whole or not at all."""

from __future__ import annotations

import pytest

from ent_audit.reports.files import atomic_write, temporary_of


def test_atomic_write_creates_the_folder_and_keeps_newlines_as_given(tmp_path):
    target = atomic_write(tmp_path / "out" / "pages.csv", "a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    assert not temporary_of(target).exists()


def test_a_write_that_fails_leaves_the_previous_file_whole(tmp_path):
    target = atomic_write(tmp_path / "results.json", "{}\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "{" + "x" * 100_000 + "\ud800}")  # fails while writing: after part of the text
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert temporary_of(target).exists()  # what crawler/runner.py's writing_outputs removes
