"""`ent-audit completion bash|zsh`: scripts generated from the parser, holding every subcommand and option; bash
parses the script and completes from it (subcommands, options, choices, paths); zsh parses its script when
installed."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from ent_audit.crawler.commands import build_parser, main


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_script_names_every_subcommand_and_option(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = _script(shell, capsys)
    subcommands = _subcommands(build_parser())
    assert {"audit", "schedule", "doctor", "completion", "compare-sites"} <= set(subcommands)
    for name, sub in subcommands.items():
        assert name in text, name
        for option in (o for a in sub._actions for o in a.option_strings):
            assert option in text, (name, option)
    if shell == "zsh":
        assert text.startswith("#compdef ent-audit\n")


def _complete(script: Path, *words: str) -> list[str]:
    """What bash offers for the last word of `ent-audit WORDS…`, through the script's completion function."""
    line = " ".join(("ent-audit", *words))
    program = (
        f"source {script} && COMP_WORDS=(ent-audit {' '.join(repr(w) for w in words)}) && "
        f"COMP_CWORD={len(words)} && COMP_LINE={line!r} && COMP_POINT=${{#COMP_LINE}} && "
        "_shtab_ent_audit && printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30, cwd=script.parent)
    assert done.returncode == 0, done.stderr
    return sorted(filter(None, done.stdout.splitlines()))


def test_bash_parses_the_script_and_completes_from_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "ent-audit.bash"
    script.write_text(_script("bash", capsys), encoding="utf-8")
    parsed = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert parsed.returncode == 0, parsed.stderr
    assert _complete(script, "sch") == ["schedule"]
    assert _complete(script, "co") == ["compare", "compare-sites", "completion"]
    assert _complete(script, "schedule", "--i") == ["--install"]
    assert _complete(script, "report", "--lang", "") == ["en", "fr"]
    assert _complete(script, "completion", "") == ["bash", "zsh"]
    (tmp_path / "ent.toml").touch()
    (tmp_path / "rapports").mkdir()
    assert "ent.toml" in _complete(script, "audit", "--config", "")  # a file for --config
    assert _complete(script, "audit", "--out", "") == ["rapports"]  # only directories for --out


def test_zsh_parses_its_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "_ent-audit"
    script.write_text(_script("zsh", capsys), encoding="utf-8")
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed: its script was checked for names only")
    parsed = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert parsed.returncode == 0, parsed.stderr


def test_an_unknown_shell_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["completion", "fish", "--lang", "en"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and len(err.strip().splitlines()) == 1 and "invalid choice: 'fish'" in err
