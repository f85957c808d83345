"""Lighthouse sample selection and the generated Lighthouse CI configuration (no browser)."""

from ent_audit.audits.lighthouse import lighthouserc
from ent_audit.crawler.capture.lighthouse_sample import select_pages


def page(url, template, status=200, mime="text/html", error=""):
    return {"url": url, "template": template, "status": status, "mime": mime, "error": error}


def test_first_loaded_html_page_of_each_template_in_crawl_order():
    pages = [
        page("/blog/post/1", "/blog/post/{id}"),
        page("/blog/post/2", "/blog/post/{id}"),
        page("/down", "/down", status=503),
        page("/doc.pdf", "/doc.pdf", mime="application/pdf"),
        page("/slow", "/slow", error="timeout"),
        page("/", "/"),
        page("/aide", "/aide"),
    ]
    assert [p["url"] for p in select_pages(pages, 5)] == ["/blog/post/1", "/", "/aide"]
    assert [p["url"] for p in select_pages(pages, 2)] == ["/blog/post/1", "/"]
    assert select_pages(pages, 0) == []


def test_lighthouserc_mirrors_the_page_budgets():
    rc = lighthouserc(500_000, 25)
    assertions = rc["ci"]["assert"]["assertions"]
    assert assertions["resource-summary:total:size"] == ["error", {"maxNumericValue": 500_000}]
    assert assertions["resource-summary:total:count"] == ["error", {"maxNumericValue": 25}]
    assert rc["ci"]["collect"]["settings"]["preset"] == "desktop"
