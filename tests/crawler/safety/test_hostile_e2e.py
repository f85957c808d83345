"""Never harm, end to end: real crawls of the hostile demo ENT (demo_ent/hostile.py) logged in, judged from the
SERVER's own log: no write but the login, no attack target reached, no logout, the harmless look-alikes loaded,
no session id in any output, everything spared reported (the two-step login here, CAS in test_hostile_cas_e2e.py;
sessions that a heartbeat keeps alive or that expire under Lighthouse in test_sessions_e2e.py).

The results.json fields read here (the contract of the read-only guard):
  results["safety"]["links_not_followed"]  [{"reason": str, "count": int, "examples": [redacted url, ...]}]
  results["safety"]["requests_blocked"]    [{"reason": str, "method": str, "count": int, "examples": [...]}]
  results["safety"]["session_lost"]        [{..., "allow_line": 'allow = ["PUT /api/session/current/"]'}]
  results["pages"][i]["logged_out"]        true for a page reached logged out (final_url on the login page)
  results["pages"][i]["lighthouse"]        final_url == the page, or "error" (str) with null category scores
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from ent_audit.crawler.browser import preloading_disabled
from ent_audit.demo_ent import DemoENT
from ent_audit.demo_ent.hostile import FALSE_POSITIVES, HUB
from tests.conftest import run_cli
from tests.demo_ent.test_demo_variants import PUPIL, Client, cas_login

pytestmark = pytest.mark.browser
USER = {"DEMO_USER": DemoENT.USERNAME, "DEMO_PASSWORD": DemoENT.PASSWORD}
LOGIN_PATHS = {"cas": "/cas/login", "twostep": "/auth/signin"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LIGHTHOUSE_UA = "Intel Mac OS X"  # Lighthouse's desktop preset user agent; the crawl's is Linux + ent-audit
ALLOW_LINE = 'allow = ["PUT /api/session/current/"]'
MAX_PER_TEMPLATE = 2
# The ordinary ENT pages are out of these crawls (they are crawled everywhere else): the home page leads to the
# hub only (/actualites is added to the navigation by portal.js), the hub to the attack pages; so Lighthouse's two
# templates are the home page and the hub.
ORDINARY = (
    r"^https?://[^/]+/(timeline|conversation|workspace|blog|calendar|vie-scolaire|aide|accessibilite|"
    r"mentions-legales|donnees-personnelles|redirect-to-blog|admin|actualites)"
)


def auth_table(ent: DemoENT, kind: str) -> str:
    if kind == "cas":
        strategy, login_url = "cas", f"{ent.base_url}/cas/login?service={quote(ent.base_url + '/', safe='')}"
    else:
        strategy, login_url = "form", f"{ent.base_url}/auth/signin"
    return (
        f'[auth]\nstrategy = "{strategy}"\nlogin_url = "{login_url}"\n'
        'username_env = "DEMO_USER"\npassword_env = "DEMO_PASSWORD"\n'
    )


@dataclass
class Crawl:
    kind: str
    ent: DemoENT
    out: Path
    db: Path
    process: subprocess.CompletedProcess
    results: dict | None
    log: list  # the server's response log, read once the audit process exited
    engines: bool = False  # Lighthouse and the samples ran too

    def pages(self) -> dict[str, dict]:
        return {p["url"]: p for p in (self.results or {}).get("pages", [])}

    def safety(self, key: str) -> list[dict]:
        assert self.results is not None, "no results.json"
        return list((self.results.get("safety") or {}).get(key) or [])


def crawl(ent: DemoENT, kind: str, work: Path, toml: str, *flags: str) -> Crawl:
    config = work / "ent.toml"
    config.write_text(toml, encoding="utf-8")
    out, db = work / "out", work / "history.sqlite"
    process = run_cli(
        "audit",
        ent.base_url + "/",
        "--config",
        str(config),
        "--out",
        str(out),
        "--db",
        str(db),
        *flags,
        env=USER,
        timeout=900,
    )
    path = out / "results.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    return Crawl(kind, ent, out, db, process, results, ent.entries())


def assert_ran(run: Crawl, codes: tuple[int, ...] = (0,)) -> None:
    assert "Traceback" not in run.process.stderr, run.process.stderr[-3000:]
    assert run.process.returncode in codes, (run.process.returncode, run.process.stderr[-3000:])
    assert run.results is not None


def path_of(url: str) -> str:
    """Percent-decoded NFC path of a URL or path (ws:// and relative URLs too)."""
    return unicodedata.normalize("NFC", unquote(urlsplit(url).path))


def lighthouse_loaded_hub(run: Crawl) -> bool:
    """Lighthouse audited the hub itself (not the login page), so its narrow-window write was tried: from
    results.json, or from the server's log when Lighthouse kept its own desktop user agent."""
    hub = next((p for url, p in run.pages().items() if path_of(url) == HUB), {})
    if path_of((hub.get("lighthouse") or {}).get("final_url") or "") == HUB:
        return True
    return any(LIGHTHOUSE_UA in e.user_agent and e.path == HUB and e.status == 200 for e in run.log)


def reported(entries: list[dict], url_or_path: str) -> bool:
    """True when some entry's examples hold this URL, or a URL of the same path (decoded; its ;params stripped
    by the report counts too)."""
    want = path_of(url_or_path)
    for entry in entries:
        for example in entry.get("examples") or []:
            if example == url_or_path or path_of(example) in (want, want.split(";")[0]):
                return True
    return False


# -- the hostile crawls: form (two-step JavaScript sign-in) with Lighthouse and samples, and CAS --------------------


def hostile_crawl_of(kind: str, tmp_path_factory: pytest.TempPathFactory, engines: bool) -> Iterator[Crawl]:
    """One hostile crawl logged in with ``kind``: the two-step JavaScript form here, CAS in test_hostile_cas_e2e.py
    (a file of its own, so that pytest-xdist runs the two crawls at once). ``engines``: Lighthouse and the samples
    load the hostile pages too (the two-step crawl; the CAS one leaves them out: the attacks are the same, and
    Lighthouse logged in through CAS is tested by test_lighthouse_e2e.py)."""
    work = tmp_path_factory.mktemp(f"hostile-{kind}")
    with DemoENT(login=kind, hostile=True).start() as ent:
        toml = (
            f'site = "ENT hostile ({kind})"\nprofile = "élève"\n'
            + auth_table(ent, kind)
            + f"[crawl]\nmax_per_template = {MAX_PER_TEMPLATE}\npage_timeout_s = 20\n"
            + f"deny = [{json.dumps(ORDINARY)}]\n"
        )
        # run_cli turns Lighthouse and the samples off unless asked on the command line
        on = ("--lighthouse", "2", "--sample-pages", "3") if engines else ()
        run = crawl(ent, kind, work, toml, "--max-depth", "3", "--max-pages", "70", *on, "--verbose")
        yield replace(run, engines=engines)


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    yield from hostile_crawl_of("twostep", tmp_path_factory, engines=True)


def test_hostile_crawl_completes_and_visits_every_attack_page(hostile_crawl):
    run = hostile_crawl
    assert_ran(run)
    crawled = {e.path.split("?")[0] for e in run.log if e.method == "GET" and LIGHTHOUSE_UA not in e.user_agent}
    missing = [a.page for a in run.ent.attacks() if a.page not in crawled]
    assert not missing, f"attack pages never loaded (the test would prove nothing for them): {missing}"
    pages = run.pages()
    audited = {path_of(url) for url in pages}
    assert {a.page for a in run.ent.attacks() if a.name != "redirect-chain"} <= audited, sorted(audited)
    if run.engines:  # Lighthouse and the samples did run, so their browsers were exposed to the hostile pages too
        assert run.results["run"]["lighthouse"].get("ran", 0) >= 1, run.results["run"]["lighthouse"]
        assert lighthouse_loaded_hub(run), "Lighthouse never loaded the hub (200): its narrow-window attack not tried"
        assert any("repeat_visit" in p["facts"] or "low_bandwidth" in p["facts"] for p in pages.values())


def test_hostile_crawl_server_saw_no_write_but_the_login(hostile_crawl):
    run = hostile_crawl
    writes = sorted({(e.method, e.host, e.path) for e in run.log if e.method not in SAFE_METHODS})
    login = LOGIN_PATHS[run.kind]
    assert [w for w in writes if not (w[0] == "POST" and w[1] == run.ent.netloc and w[2].startswith(login))] == []
    assert [w for w in writes if w[0] == "POST"], "the login submission is missing from the server's log"


def test_hostile_crawl_reached_no_target(hostile_crawl):
    run = hostile_crawl
    hits = {name: hits for name, hits in run.ent.hostile_hits().items() if hits}
    assert hits == {}, f"attacks that reached their target: {hits}"
    assert [e.path for e in run.log if e.path.startswith("/auth/logout")] == []


def test_hostile_crawl_never_ended_its_session(hostile_crawl):
    run = hostile_crawl
    assert (run.ent.logouts, run.ent.expired_sessions, run.ent.logins) == (0, 0, 1), (
        "logouts, expired sessions, logins (a leaked logout shows as a new login)"
    )
    # nothing here needs allowing: a session the crawl did not lose is not reported lost (a blocked write is not
    # the cause of a logout the crawl caused itself)
    assert run.safety("session_lost") == []


def test_hostile_crawl_loaded_the_harmless_look_alikes(hostile_crawl):
    run = hostile_crawl
    fetched = run.ent.false_positive_hits()
    assert all(fetched[path] >= 1 for path in FALSE_POSITIVES), fetched
    pages = run.pages()
    ordinary = next(p for url, p in pages.items() if path_of(url) == "/hostile/ressources-ordinaires")
    resources = {path_of(r["url"]) for r in ordinary["resources"]}
    assert set(FALSE_POSITIVES) <= resources, resources


def _outputs(run: Crawl) -> dict[str, str]:
    texts = {"stdout+stderr": run.process.stdout + "\n" + run.process.stderr}
    for name in ("results.json", "pages.csv", "resources.csv", "report.html"):
        path = run.out / name
        texts[name] = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    with sqlite3.connect(run.db) as conn:
        texts["history.sqlite"] = "\n".join(conn.iterdump())
    for path in sorted(run.out.rglob("*")):  # anything else written beside them (junit.xml, Lighthouse reports…)
        key = str(path.relative_to(run.out))
        if path.is_file() and key not in texts:
            texts[key] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def test_hostile_crawl_wrote_no_session_id_anywhere(hostile_crawl):
    run = hostile_crawl
    secrets = [("url", s) for s in run.ent.url_secrets()] + run.ent.issued_secrets()
    assert len(secrets) >= 9 + 1
    leaks: dict[str, set[str]] = {}
    for name, text in _outputs(run).items():
        for kind, value in secrets:
            if value in text or quote(value, safe="") in text:
                leaks.setdefault(name, set()).add(kind)
    assert leaks == {}, f"outputs holding session ids (kind of secret): {leaks}"


def test_hostile_crawl_session_ids_do_not_multiply_templates(hostile_crawl):
    run = hostile_crawl
    pages = run.pages()
    for family in ("/hostile/liens-personnels/espace", "/hostile/liens-personnels/carnet", "/hostile/s/"):
        found = [p for url, p in pages.items() if path_of(url).startswith(family)]
        assert found, f"no page of {family} audited"
        assert all(p["status"] == 200 for p in found), [(p["url"], p["status"]) for p in found]  # the real URL
        assert len({p["template"] for p in found}) == 1, sorted({p["template"] for p in found})
        assert len(found) <= MAX_PER_TEMPLATE, [p["url"] for p in found]
        rows = [t for t in run.results["run"]["crawl"]["templates"] if family in t["template"]]
        assert len(rows) == 1, rows


def test_hostile_crawl_reports_every_link_not_followed(hostile_crawl):
    run = hostile_crawl
    assert_ran(run)
    entries = run.safety("links_not_followed")
    for entry in entries:
        assert isinstance(entry.get("reason"), str) and isinstance(entry.get("count"), int), entry
    missing = [link for link in run.ent.attack_links() if not reported(entries, link)]
    assert not missing, f"attack links not reported in safety.links_not_followed: {missing}"


def test_hostile_crawl_reports_every_request_blocked(hostile_crawl):
    run = hostile_crawl
    assert_ran(run)
    blocked, links = run.safety("requests_blocked"), run.safety("links_not_followed")
    for entry in blocked:
        assert {"reason", "method", "count", "examples"} <= set(entry), entry
    lighthouse_saw_hub = lighthouse_loaded_hub(run)
    missing = []
    for attack in run.ent.attacks():
        if attack.report not in ("request", "either") or (attack.trigger == "narrow" and not lighthouse_saw_hub):
            continue
        lists = blocked + links if attack.report == "either" else blocked
        if not any(reported(lists, path) for path in attack.report_paths()):
            missing.append(f"{attack.name} {attack.report_paths()}")
    assert not missing, f"attacks spared but not reported in safety.requests_blocked: {missing}"


# -- control: the attacks are live (an unguarded browser sets them off) ------------------------------------------------

MAY_NOT_FIRE = {"link-prerender"}  # this Chromium makes no request for <link rel=prerender> at all
# Speculation rules go past every DevTools interception; only Chromium's managed policy NetworkPredictionOptions=2
# (installed by `make setup`) stops them, for every browser of the machine, this unguarded one included.
STOPPED_BY_POLICY = {"speculation-prefetch", "speculation-prerender"}


async def _unguarded(ent: DemoENT) -> dict[str, list]:
    from playwright.async_api import async_playwright

    from ent_audit.crawler.browser import CHROMIUM

    fired: dict[str, list] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        gate = asyncio.Semaphore(8)  # each attack mostly waits (2.5 s on its page, 0.5 s after leaving it)

        async def one(attack) -> None:  # type: ignore[no-untyped-def]
            async with gate:
                client = Client(ent)
                cas_login(client, *PUPIL)  # a session of its own: many attacks end it
                width = 1350 if attack.trigger == "narrow" else 1920
                context = await browser.new_context(viewport={"width": width, "height": 1000})
                await context.add_cookies(
                    [{"name": c.name, "value": c.value, "domain": "127.0.0.1", "path": c.path} for c in client.jar]
                )
                before = len(ent.hostile_hits()[attack.name])
                try:
                    page = await context.new_page()
                    if attack.name == "document-redirect":
                        await context.request.head(ent.base_url + "/hostile/rapport.pdf")  # as a document is sized
                    elif attack.trigger == "follow":
                        await page.goto(ent.base_url + (attack.link or attack.page))
                    else:
                        await page.goto(ent.base_url + attack.page)
                    await page.wait_for_timeout(2500)
                    await page.goto("about:blank")  # leaving the page: pagehide, unload
                    await page.wait_for_timeout(500)
                except Exception:  # noqa: BLE001 - an attack page may navigate away or abort: what counts is the ledger
                    pass
                finally:
                    await context.close()
                fired[attack.name] = ent.hostile_hits()[attack.name][before:]

        attacks = ent.attacks()
        shared = [a for a in attacks if any(t.path == "/auth/logout" for t in a.targets)]  # one target, two attacks
        await asyncio.gather(*(one(a) for a in attacks if a not in shared))
        for attack in shared:
            await one(attack)
        await browser.close()
    return fired


def test_control_every_attack_harms_an_unguarded_browser():
    """Without ent-audit's guard, Chromium sets off every attack: the zero-hit assertions above are meaningful."""
    with DemoENT(hostile=True).start() as ent:
        fired = asyncio.run(_unguarded(ent))
    silent = {name for name, hits in fired.items() if not hits}
    if preloading_disabled():  # the policy is a part of the guard: here it must be what stops them
        assert STOPPED_BY_POLICY <= silent, f"preloading policy installed, yet fired: {STOPPED_BY_POLICY - silent}"
        silent -= STOPPED_BY_POLICY
    assert silent <= MAY_NOT_FIRE, f"attacks that did nothing even unguarded: {sorted(silent)}"
    assert fired["websocket"] and ("WS", "/hostile/ws") in fired["websocket"]
    assert ("POST", "/hostile/api/tiers") in fired["iframe-cross-site"]  # the out-of-process frame's own write
