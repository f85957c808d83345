"""How many bytes minification would remove from a script or stylesheet (RGESN 6.3, minification heuristic).

A heuristic, not a minifier: comments and runs of whitespace are what minifiers remove first, so the estimate is
the text with comments dropped and whitespace runs collapsed to one character. Strings, template literals and
regular expressions are not parsed; a ``//`` inside a string may be miscounted, which only makes the estimate
larger, and the thresholds below (Lighthouse's own for unminified-javascript / unminified-css: at least 10 % and
2 KiB to save) keep such noise from making a verdict.
"""

from __future__ import annotations

import re

MIN_SAVING_SHARE = 0.10  # Lighthouse: IGNORE_THRESHOLD_IN_PERCENT = 10
MIN_SAVING_BYTES = 2048  # Lighthouse: IGNORE_THRESHOLD_IN_BYTES = 2048

_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_LINE_COMMENT = re.compile(r"(?m)^[ \t]*//[^\n]*$|[ \t]+//[^\n'\"`]*$")
_WHITESPACE_RUN = re.compile(r"\s{2,}")
_SPACE_AROUND_PUNCTUATION = re.compile(r"\s*([{}();,:=<>+\-*/!&|?\[\]])\s*")


def minified_size(text: str, kind: str) -> int:
    """Estimated size in UTF-8 bytes of ``text`` once minified; ``kind`` is "script" or "stylesheet"."""
    if text.startswith("/*!"):  # a licence banner is kept by minifiers; whatever follows is judged
        end = text.find("*/")
        banner, text = (text[: end + 2], text[end + 2 :]) if end > 0 else ("", text)
    else:
        banner = ""
    body = _BLOCK_COMMENT.sub("", text)
    if kind == "script":
        body = _LINE_COMMENT.sub("", body)
    body = _WHITESPACE_RUN.sub(" ", body)
    body = _SPACE_AROUND_PUNCTUATION.sub(r"\1", body)
    return len((banner + body.strip()).encode("utf-8"))


def minify_saving(text: str, kind: str) -> int:
    """Bytes (UTF-8, before compression) that minifying ``text`` would save; never negative."""
    return max(0, len(text.encode("utf-8")) - minified_size(text, kind))


def worth_minifying(size: int, saving: int) -> bool:
    """True when the saving passes both thresholds (share of the file and absolute bytes)."""
    return saving >= MIN_SAVING_BYTES and size > 0 and saving / size >= MIN_SAVING_SHARE
