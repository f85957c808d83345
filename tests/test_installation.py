"""An error's fix names the command the user has: the checkout's `.venv/bin/pip install -e` and `make setup`, or an
installed wheel's `pip install 'ent-audit[extra]'` (tests/test_packaging.py checks it from a real installed wheel)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ent_audit import installation
from ent_audit.crawler import engines
from ent_audit.reports.formats import OutputUnavailable
from ent_audit.reports.formats.report_pdf import write_pdf

CHECKOUT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site_packages(tmp_path: Path) -> Path:
    """A folder laid out like site-packages: the package and its .dist-info, no pyproject.toml."""
    (tmp_path / "ent_audit").mkdir()
    (tmp_path / "ent_audit-0.1.0.dist-info").mkdir()
    return tmp_path


def test_this_repository_is_a_checkout() -> None:
    assert installation.ROOT == CHECKOUT
    assert installation.in_checkout()
    assert installation.install_extra("distributed") == ".venv/bin/pip install -e '.[distributed]'"
    assert installation.with_make_setup("apt-get install chromium") == "apt-get install chromium (make setup does it)"


def test_an_installed_wheel_is_told_pip_install_of_the_extra(site_packages: Path) -> None:
    assert not installation.in_checkout(site_packages)
    assert installation.install_extra("pdf", site_packages) == "pip install 'ent-audit[pdf]'"
    assert installation.with_make_setup("apt-get install chromium", site_packages) == "apt-get install chromium"


def test_another_projects_pyproject_is_not_a_checkout(site_packages: Path) -> None:
    (site_packages / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert not installation.in_checkout(site_packages)
    (site_packages / "pyproject.toml").write_text("[project\n", encoding="utf-8")  # unreadable: not ours either
    assert not installation.in_checkout(site_packages)
    (site_packages / "pyproject.toml").write_text('[project]\nname = "ent-audit"\n', encoding="utf-8")
    assert installation.in_checkout(site_packages)


def test_the_errors_carry_the_hint(tmp_path: Path) -> None:
    """Two of the messages that use it, as the user sees them (in this checkout)."""
    with pytest.raises(engines.EngineMissing) as missing:
        engines.check_chromium(str(tmp_path / "chromium"))
    assert str(missing.value).endswith(": apt-get install chromium (make setup does it)")
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        with pytest.raises(OutputUnavailable, match=r"\[pdf\] extra: \.venv/bin/pip install -e '\.\[pdf\]'$"):
            write_pdf({}, tmp_path, None)  # type: ignore[arg-type]
