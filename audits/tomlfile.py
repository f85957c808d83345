"""Reading the TOML files users write (config, budget, page kinds): every failure is one line naming the file and
the option that gave it, raised as the caller's error type."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_toml(path: str | Path, what: str, option: str, error: type[Exception]) -> dict[str, Any]:
    """``what``: "config", "budget"…; ``option``: the command-line flag that named the file."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{what} file {path} not found: check the path given to {option}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{what} file {path} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{what} file {path} is not valid TOML: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise error(f"{what} file {path} nests arrays or inline tables too deeply") from None
