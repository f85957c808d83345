"""`ent-audit schedule`: a systemd service and timer (checked by systemd-analyze when present), a crontab line and a
GitLab CI job, absolute paths, and never a password."""

import configparser
import os
import re
import shlex
import shutil
import stat
import subprocess

import pytest

from ent_audit.crawler.commands import main

SECRET = "s3cr3t-du-mot-de-passe"


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A config in a directory whose name holds a space, a site name with '%', credentials in the environment."""
    work = tmp_path / "mon ENT"
    work.mkdir()
    (work / "ent.toml").write_text(
        """site = "Collège Exemple 100%"
profile = "élève"
start_urls = ["https://ent.example.fr/"]
[auth]
strategy = "cas"
login_url = "https://ent.example.fr/cas/login"
username_env = "ENT_USER"
password_env = "ENT_PASSWORD"
[[profiles]]
name = "élève"
username_env = "ELEVE_USER"
password_env = "ELEVE_PASSWORD"
""",
        encoding="utf-8",
    )
    (work / "budget.toml").write_text("[budget]\nmax_page_kb = 1500\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("ENT_PASSWORD", SECRET)
    monkeypatch.setenv("ELEVE_PASSWORD", SECRET)
    monkeypatch.chdir(work)
    return work


def sections(text):
    """The printed output split on its "### <title>" headers."""
    parts = re.split(r"^### (.+)$", text, flags=re.MULTILINE)
    return {title: body.strip("\n") + "\n" for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def unit(text):
    parser = configparser.ConfigParser(interpolation=None, strict=True, comment_prefixes=("#", ";"))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return parser


def schedule(capsys, *extra):
    code = main(
        [
            "schedule",
            "--config",
            "ent.toml",
            "--at",
            "2:30",
            "--db",
            "store/history.sqlite",
            "--keep",
            "30",
            "--budget",
            "budget.toml",
            "--lang",
            "en",
            *extra,
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_units_crontab_and_gitlab_job(setup, tmp_path, capsys):
    out = schedule(capsys)
    assert SECRET not in out
    parts = sections(out)
    name = "ent-audit-college-exemple-100-eleve"
    unit_dir = tmp_path / "config" / "systemd" / "user"
    service = unit(parts[str(unit_dir / f"{name}.service")])
    timer = unit(parts[str(unit_dir / f"{name}.timer")])

    assert service["Service"]["Type"] == "oneshot"
    assert service["Unit"]["Description"] == "ent-audit: audit of Collège Exemple 100%% (élève)"  # % escaped
    env_file = tmp_path / "config" / "ent-audit" / f"{name}.env"
    assert service["Service"]["EnvironmentFile"] == str(env_file)  # path settings: as is, no quotes
    assert service["Service"]["WorkingDirectory"] == str(setup)
    argv = shlex.split(service["Service"]["ExecStart"])
    assert os.path.isabs(argv[0]) and os.access(argv[0], os.X_OK)
    options = dict(zip(argv[argv.index("audit") + 1 :: 2], argv[argv.index("audit") + 2 :: 2], strict=False))
    assert options["--config"] == str(setup / "ent.toml")  # absolute, the space kept inside quotes
    assert options["--db"] == str(setup / "store" / "history.sqlite")
    assert options["--budget"] == str(setup / "budget.toml") and options["--keep"] == "30"
    assert os.path.isabs(options["--out"]) and argv[-1] == "--quiet"

    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    delay = re.fullmatch(r"(\d+)min", timer["Timer"]["RandomizedDelaySec"])
    assert delay and 0 < int(delay.group(1)) <= 15
    assert timer["Timer"]["Unit"] == f"{name}.service" and timer["Install"]["WantedBy"] == "timers.target"

    template = parts[f"{env_file} (mode 0600: chmod 600; the passwords go here, nowhere else)"]
    assert [line for line in template.splitlines() if not line.startswith("#")] == [
        "ENT_USER=",
        "ENT_PASSWORD=",
        "ELEVE_USER=",
        "ELEVE_PASSWORD=",
    ]

    [cron] = parts["crontab -e (instead of the timer; same credentials file)"].splitlines()
    assert cron.split()[:5] == ["30", "2", "*", "*", "*"]
    command = shlex.split(cron[len("30 2 * * * ") :])
    assert command[:2] == ["cd", str(setup)]
    assert [".", str(env_file)] == command[command.index(".") : command.index(".") + 2]
    assert str(setup / "ent.toml") in command and "%" not in cron

    ci = parts[".gitlab-ci.yml (GitLab scheduled pipeline)"]
    assert '    - if: $CI_PIPELINE_SOURCE == "schedule"' in ci.splitlines()
    assert 'interval pattern "30 2 * * *"' in ci
    assert "ENT_USER, ENT_PASSWORD, ELEVE_USER, ELEVE_PASSWORD" in ci  # named as CI variables, never valued
    assert "      junit: ent-audit-report/junit.xml" in ci and "      - ent-audit-report/" in ci
    assert "      codequality: ent-audit-report/gl-code-quality.json" in ci
    assert "--config ent.toml" in ci and "--budget budget.toml" in ci and "--keep 30" in ci

    enable = parts["enable"]
    assert f"systemctl --user enable --now {name}.timer" in enable
    assert not unit_dir.exists()  # printed only, without --install


def test_install_writes_the_units_and_an_empty_credentials_file(setup, tmp_path, capsys):
    out = schedule(capsys, "--install")
    parts = sections(out)
    name = "ent-audit-college-exemple-100-eleve"
    unit_dir = tmp_path / "config" / "systemd" / "user"
    service, timer = unit_dir / f"{name}.service", unit_dir / f"{name}.timer"
    assert service.read_text(encoding="utf-8") == parts[str(service)]
    assert timer.read_text(encoding="utf-8") == parts[str(timer)]
    env_file = tmp_path / "config" / "ent-audit" / f"{name}.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert "ENT_PASSWORD=\n" in env_file.read_text(encoding="utf-8")
    for path in (service, timer, env_file):
        assert SECRET not in path.read_text(encoding="utf-8")
    assert f"systemctl --user enable --now {name}.timer" in out and f"fill in {env_file}" in out

    env_file.write_text("ENT_USER=prenom.nom\nENT_PASSWORD='filled in'\n", encoding="utf-8")
    schedule(capsys, "--install")  # again: the units are rewritten, the credentials never
    assert "filled in" in env_file.read_text(encoding="utf-8")

    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed: the units were parsed, not verified by systemd")
    check = tmp_path / "verify"  # a path without a space for the command line; the units' own paths keep theirs
    check.mkdir()
    for path in (service, timer):
        shutil.copy(path, check / path.name)
    done = subprocess.run(
        ["systemd-analyze", "verify", str(check / service.name), str(check / timer.name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "ent-audit" not in done.stderr, done.stderr  # no warning about our units

    # The verification can fail: a timer with an impossible time is refused.
    (check / timer.name).write_text(timer.read_text(encoding="utf-8").replace("02:30:00", "25:61:00"), encoding="utf-8")
    bad = subprocess.run(
        ["systemd-analyze", "verify", str(check / service.name), str(check / timer.name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0


@pytest.mark.parametrize("at", ["25:00", "2h30", "12:60", "", "noon", "7:5"])
def test_bad_time_is_one_line_and_exit_2(setup, capsys, at):
    code = main(["schedule", "--config", "ent.toml", "--at", at])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "HH:MM" in err, err


@pytest.mark.parametrize(
    "config, budget, message",
    [
        ('site = "x"\n', None, "needs start_urls"),
        ('start_urls = ["https://ent.example.fr/"]\n[crawl]\nfollow = 1\n', None, "unknown key [crawl] follow ("),
        ('start_urls = ["https://ent.example.fr/"]\n', "[budget]\nmax_requests = -1\n", "'max_requests' must be 0"),
    ],
)
def test_bad_config_or_budget_is_one_line_and_exit_2(setup, capsys, config, budget, message):
    (setup / "bad.toml").write_text(config, encoding="utf-8")
    extra = []
    if budget:
        (setup / "bad-budget.toml").write_text(budget, encoding="utf-8")
        extra = ["--budget", "bad-budget.toml"]
    code = main(["schedule", "--config", "bad.toml", "--at", "03:00", "--install", *extra, "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and message in err, err
    assert not (setup.parent / "config").exists()  # nothing installed


def test_a_config_without_credentials_has_no_environment_file(setup, capsys):
    (setup / "open.toml").write_text('site = "Portail"\nstart_urls = ["https://ent.example.fr/"]\n', encoding="utf-8")
    assert main(["schedule", "--config", "open.toml", "--at", "23:59"]) == 0
    out = capsys.readouterr().out
    assert "EnvironmentFile" not in out and "set -a" not in out and "OnCalendar=*-*-* 23:59:00" in out
    assert "59 23 * * * " in out


def _gitlab_job(out):
    """The CI job's audit options, cache path and artifact paths."""
    ci = sections(out)[".gitlab-ci.yml (GitLab scheduled pipeline)"]
    [script] = [line for line in ci.splitlines() if line.startswith("    - ent-audit audit ")]
    argv = shlex.split(script[len("    - ") :])
    options = dict(zip(argv[2::2], argv[3::2], strict=False))
    lines = ci.splitlines()
    cache = lines[lines.index("    paths:") + 1]
    artifacts = lines[lines.index("    paths:", lines.index("  artifacts:")) + 1]
    return ci, options, cache, artifacts


def _unit_options(out):
    """The options of the service's ExecStart and of the crontab line."""
    parts = sections(out)
    service = unit(next(body for title, body in parts.items() if title.endswith(".service")))
    argv = shlex.split(service["Service"]["ExecStart"])
    [cron] = parts["crontab -e (instead of the timer; same credentials file)"].splitlines()
    command = shlex.split(cron.split(" && ")[-1].split(" >> ")[0])
    return [
        dict(zip(a[a.index("audit") + 1 :: 2], a[a.index("audit") + 2 :: 2], strict=False)) for a in (argv, command)
    ]


def test_out_and_db_are_honoured_in_every_file(setup, capsys):
    """--out and --db given relative to the repository: absolute in the units and cron (they do not start there),
    the same relative paths in the CI job (which runs there), its cache and artifacts following them."""
    code = main(
        [
            "schedule",
            "--lang",
            "en",
            "--config",
            "ent.toml",
            "--at",
            "03:00",
            "--out",
            "rapports/nuit",
            "--db",
            "h/ent.sqlite",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for options in _unit_options(out):
        assert options["--out"] == str(setup / "rapports" / "nuit")
        assert options["--db"] == str(setup / "h" / "ent.sqlite")
    ci, options, cache, artifacts = _gitlab_job(out)
    assert options["--out"] == "rapports/nuit" and options["--db"] == "h/ent.sqlite"
    assert cache == "      - h/" and artifacts == "      - rapports/nuit/"
    assert (
        "      junit: rapports/nuit/junit.xml" in ci and "      codequality: rapports/nuit/gl-code-quality.json" in ci
    )
    assert "ent-audit-report" not in ci and ".ent-audit/" not in ci and "outside the repository" not in ci


def test_without_out_and_db_the_defaults(setup, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["schedule", "--lang", "en", "--config", "ent.toml", "--at", "03:00"]) == 0
    out = capsys.readouterr().out
    store = tmp_path / "data" / "ent-audit"
    for options in _unit_options(out):
        assert options["--db"] == str(store / "history.sqlite")
        assert options["--out"] == str(store / "reports" / "ent-audit-college-exemple-100-eleve")
    _, options, cache, artifacts = _gitlab_job(out)
    assert options["--out"] == "ent-audit-report" and options["--db"] == ".ent-audit/history.sqlite"
    assert cache == "      - .ent-audit/" and artifacts == "      - ent-audit-report/"


def test_paths_outside_the_repository_keep_the_units_and_say_why_ci_cannot(setup, tmp_path, capsys):
    """An absolute --out or --db elsewhere on the machine: the units and cron use it as given; the CI job, which
    can only keep what lies inside the project, uses its default and a comment says so. A store at the top of the
    repository is cached as that one file; a path with a space is quoted for YAML."""
    elsewhere = tmp_path / "srv" / "rapports ENT"
    code = main(
        [
            "schedule",
            "--lang",
            "en",
            "--config",
            "ent.toml",
            "--at",
            "03:00",
            "--out",
            str(elsewhere),
            "--db",
            "h.sqlite",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for options in _unit_options(out):
        assert options["--out"] == str(elsewhere) and options["--db"] == str(setup / "h.sqlite")
    ci, options, cache, artifacts = _gitlab_job(out)
    assert f"# --out {elsewhere} lies outside the repository: in CI the job uses ent-audit-report instead." in ci
    assert options["--out"] == "ent-audit-report" and artifacts == "      - ent-audit-report/"
    assert options["--db"] == "h.sqlite" and cache == "      - h.sqlite" and "# --db" not in ci

    assert main(["schedule", "--lang", "en", "--config", "ent.toml", "--at", "03:00", "--out", "mes rapports"]) == 0
    _, options, _, artifacts = _gitlab_job(capsys.readouterr().out)
    assert options["--out"] == "mes rapports" and artifacts == '      - "mes rapports/"'
