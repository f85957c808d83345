"""Arithmetic of the browser coverage (unused JS/CSS) and of the minification heuristic."""

from ent_audit.audits.minify import minified_size, minify_saving, worth_minifying
from ent_audit.crawler.capture.coverage import css_coverage, js_coverage, script_usage


def test_js_function_coverage_counts_bytes_never_run():
    functions = [
        {"ranges": [{"startOffset": 0, "endOffset": 1000, "count": 1}]},
        {"ranges": [{"startOffset": 100, "endOffset": 300, "count": 0}]},
        {"ranges": [{"startOffset": 200, "endOffset": 400, "count": 0}]},  # overlaps: counted once
        {
            "ranges": [
                {"startOffset": 500, "endOffset": 600, "count": 1},
                {"startOffset": 550, "endOffset": 560, "count": 0},
            ]
        },
    ]  # an unused block inside
    assert script_usage(functions) == (1000, 310)
    scripts = [
        {"url": "https://e.fr/a.js", "functions": functions},
        {"url": "", "functions": functions},  # our own evaluate(): no URL, not the site's code
        {"url": "https://e.fr/a.js", "functions": [{"ranges": [{"startOffset": 0, "endOffset": 50, "count": 0}]}]},
    ]
    assert js_coverage(scripts) == {"https://e.fr/a.js": {"total": 1050, "unused": 360}}


def test_css_rule_usage():
    sheets = {"1": {"url": "https://e.fr/a.css", "length": 1000}, "2": {"url": "https://e.fr/", "length": 100}}
    usage = [
        {"styleSheetId": "1", "startOffset": 0, "endOffset": 400, "used": False},
        {"styleSheetId": "1", "startOffset": 400, "endOffset": 500, "used": True},
        {"styleSheetId": "2", "startOffset": 0, "endOffset": 100, "used": True},
    ]
    assert css_coverage(sheets, usage) == {
        "https://e.fr/a.css": {"total": 1000, "unused": 400},
        "https://e.fr/": {"total": 100, "unused": 0},
    }


def test_minify_heuristic():
    verbose = (
        "/**\n * Messagerie : liste des messages.\n * Très commenté, très indenté.\n */\n"
        + "function   listeMessages ( dossier ) {\n    // on trie par date\n    return dossier . messages ;\n}\n" * 60
    )
    saving = minify_saving(verbose, "script")
    assert saving > len(verbose) * 0.3 and worth_minifying(len(verbose), saving)
    already = "function l(d){return d.messages}" * 100
    assert minify_saving(already, "script") == 0 and not worth_minifying(len(already), 0)
    assert minified_size("/*! licence */ a { color : red ; }", "stylesheet") == len("/*! licence */a{color:red;}")
    assert minify_saving("a { color : red ; }\n\n\n", "stylesheet") > 0
    assert not worth_minifying(10_000, 1_500)  # under 2 KiB
    assert not worth_minifying(100_000, 5_000)  # under 10 %
