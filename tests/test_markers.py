"""Every test that launches Chromium, Lighthouse or a crawl carries the `browser` marker, so that
`pytest -m "not browser"` runs only the fast tests.

Read from the test files' syntax trees: a test launches a browser when, itself or through the fixtures it requests
(by argument or `request.getfixturevalue("…")`) and the helper functions it calls (of its module or imported from
another test module), it
- runs an ent-audit subcommand that crawls or logs in (`run_cli("audit", …)`, a command list holding
  `ENT_AUDIT` / "ent_audit" and "audit", or an argument list `["audit", …, "--flag", …]` in a function that starts
  a child process), or
- launches Chromium through Playwright (`….chromium.launch(…)`).
A test counts as marked by `@pytest.mark.browser` on itself or its class, or by the module's `pytestmark`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# ent-audit subcommands that start a browser: a crawl, a distributed worker, the demo, a saved login
BROWSER_COMMANDS = {"audit", "worker", "demo", "login"}


@dataclass
class Function:
    module: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    is_fixture: bool
    marked: bool = False
    fixtures: set[str] = field(default_factory=set)  # fixtures it requests
    calls: set[tuple[str, str]] = field(default_factory=set)  # (module, function) of the helpers it calls
    launches: bool = False  # launches a browser in its own body


def _is_browser_mark(node: ast.expr) -> bool:
    """`pytest.mark.browser` (the attribute chain, called or not)."""
    node = node.func if isinstance(node, ast.Call) else node
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "browser"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "mark"
    )


def _is_fixture(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr == "fixture":
            return True
    return False


def _launches(body: ast.AST) -> bool:
    # an argument list counts when this function starts a child process (in process, a CLI test stops early)
    spawns = any(
        isinstance(n, ast.Name)
        and n.id in ("subprocess", "ENT_AUDIT")
        or isinstance(n, ast.Attribute)
        and n.attr in ("Popen", "create_subprocess_exec")
        for n in ast.walk(body)
    )
    for node in ast.walk(body):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            first = node.args[0] if node.args else None
            if name == "run_cli" and isinstance(first, ast.Constant) and first.value in BROWSER_COMMANDS:
                return True
            if (
                name.startswith("launch")
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "chromium"
            ):
                return True
        if isinstance(node, (ast.List, ast.Tuple)):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            names = {e.value.id for e in node.elts if isinstance(e, ast.Starred) and isinstance(e.value, ast.Name)}
            if words & BROWSER_COMMANDS and ("ENT_AUDIT" in names or "ent_audit" in words):
                return True
            first = node.elts[0] if node.elts else None  # an argument list: the subcommand, then its flags
            if (
                spawns
                and isinstance(first, ast.Constant)
                and first.value in BROWSER_COMMANDS
                and any(isinstance(w, str) and w.startswith("--") for w in words)
            ):
                return True
    return False


def analyse(sources: dict[str, str]) -> dict[tuple[str, str], Function]:
    """Every module-level function and method of the given modules (module name → source), with what it uses."""
    functions: dict[tuple[str, str], Function] = {}
    for module, source in sources.items():
        tree = ast.parse(source)
        module_marked = False
        imported: dict[str, str] = {}  # local name → test module it comes from
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "pytestmark" for t in statement.targets
            ):
                values = (
                    statement.value.elts if isinstance(statement.value, (ast.List, ast.Tuple)) else [statement.value]
                )
                module_marked = any(_is_browser_mark(v) for v in values)
            if isinstance(statement, ast.ImportFrom) and (statement.module or "").startswith("tests."):
                for alias in statement.names:
                    imported[alias.asname or alias.name] = statement.module.split(".", 1)[1]
        for statement in tree.body:
            if isinstance(statement, ast.ClassDef):
                class_marked = any(_is_browser_mark(d) for d in statement.decorator_list)
                members = [
                    (m, class_marked) for m in statement.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                ]
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                members = [(statement, False)]
            else:
                continue
            for node, class_marked in members:
                function = Function(
                    module,
                    node,
                    _is_fixture(node),
                    module_marked or class_marked or any(_is_browser_mark(d) for d in node.decorator_list),
                )
                function.fixtures = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Attribute)
                        and inner.func.attr == "getfixturevalue"
                        and inner.args
                        and isinstance(inner.args[0], ast.Constant)
                    ):
                        function.fixtures.add(str(inner.args[0].value))
                    if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                        name = inner.func.id
                        function.calls.add((imported.get(name, module), name))
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("tests."):
                        for alias in inner.names:  # an import inside the function
                            imported[alias.asname or alias.name] = inner.module.split(".", 1)[1]
                function.launches = _launches(node)
                functions[(module, node.name)] = function
    return functions


def unmarked_browser_tests(sources: dict[str, str]) -> list[str]:
    """Tests that launch a browser (themselves, or through a fixture or a helper) yet are not marked `browser`."""
    functions = analyse(sources)

    def fixture(module: str, name: str) -> Function | None:
        for where in (module, "conftest"):  # pytest's lookup: the module, then tests/conftest.py
            found = functions.get((where, name))
            if found is not None and found.is_fixture:
                return found
        return None

    launching = {key for key, f in functions.items() if f.launches}
    changed = True
    while changed:  # until no function is found to reach one that launches
        changed = False
        for key, function in functions.items():
            if key in launching:
                continue
            reached = [functions.get(c) for c in function.calls] + [
                fixture(function.module, name) for name in function.fixtures
            ]
            if any(r is not None and (r.module, r.node.name) in launching for r in reached):
                launching.add(key)
                changed = True
    return sorted(
        f"{module}.py::{name}"
        for (module, name) in launching
        if name.startswith("test")
        and not functions[(module, name)].is_fixture
        and not functions[(module, name)].marked
        and module != "test_markers"
    )


def test_every_test_that_launches_a_browser_is_marked():
    # keyed as imported: "conftest", "test_markers", "crawler.test_safe_crawl"… (tests/real/ runs apart)
    sources = {
        ".".join(path.relative_to(TESTS).with_suffix("").parts): path.read_text(encoding="utf-8")
        for path in sorted(TESTS.rglob("*.py"))
        if path.relative_to(TESTS).parts[0] != "real" and (path.stem.startswith("test_") or path.stem == "conftest")
    }
    assert unmarked_browser_tests(sources) == [], (
        "mark these tests (or their module's pytestmark) with pytest.mark.browser"
    )


CONFTEST = """
import pytest
@pytest.fixture(scope="session")
def crawled(tmp_path_factory):
    return run_cli("audit", "http://127.0.0.1:1/")
"""


def test_the_check_finds_an_unmarked_browser_test():
    """The check above can fail: each way of launching a browser, reached directly, through a fixture of the
    module or of conftest, or through a helper of another test module, is found unless marked."""
    sources = {
        "conftest": CONFTEST,
        "test_helpers": """
from tests.conftest import ENT_AUDIT
def spawn(url):
    return subprocess.Popen([*ENT_AUDIT, "audit", url])
""",
        "test_example": """
import pytest
from tests.test_helpers import spawn
@pytest.fixture(scope="module")
def own(request):
    return request.getfixturevalue("crawled")
def test_direct():
    run_cli("worker", "--redis", "redis://127.0.0.1:1")
def test_conftest_fixture(crawled):
    pass
def test_module_fixture(own):
    pass
def test_helper():
    spawn("http://127.0.0.1:1/")
async def test_playwright():
    async with async_playwright() as playwright:
        await playwright.chromium.launch()
def test_argument_list():
    args = ["login", "--config", "ent.toml"]
    subprocess.run([sys.executable, "-c", INJECT, *args])
def test_in_process_cli_error(capsys):
    assert main(["audit", "--max-pages", "lots"]) == 2
def test_report_only(tmp_path):
    run_cli("report", "--latest")
@pytest.mark.browser
def test_marked(crawled):
    pass
class TestGrouped:
    def test_in_a_class(self, crawled):
        pass
""",
    }
    assert unmarked_browser_tests(sources) == [
        "test_example.py::test_argument_list",
        "test_example.py::test_conftest_fixture",
        "test_example.py::test_direct",
        "test_example.py::test_helper",
        "test_example.py::test_in_a_class",
        "test_example.py::test_module_fixture",
        "test_example.py::test_playwright",
    ]
    marked = {**sources, "test_example": "pytestmark = pytest.mark.browser\n" + sources["test_example"]}
    assert unmarked_browser_tests(marked) == []
