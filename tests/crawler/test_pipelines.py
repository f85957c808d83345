"""What goes to the store: redacted URLs and evidence, EcoIndex only for pages that loaded as HTML."""

from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.crawler.pipelines import redact_capture, score_page


def test_secrets_are_redacted_before_storage():
    capture = PageCapture(
        url="http://e/?ticket=ST-9",
        final_url="http://e/;jsessionid=AB",
        status=200,
        error="timeout at http://e/x?token=zz",
        links=["http://e/a?sid=1"],
        requests=[
            RequestRecord(
                url="http://e/?ticket=ST-9", resource_type="document", headers={"location": "http://e/?ticket=ST-9"}
            )
        ],
        blocked=[{"method": "GET", "url": "http://e/logout?ticket=ST-9", "reason": "denied URL"}],
        documents=[{"url": "http://e/d.pdf?token=t", "bytes": 1}],
        accessibility={
            "violations": [{"rule": "label", "snippets": ['<input name="csrf" value="s3cr3t">']}],
            "facts": {"new_window_links": [{"href": "http://e/?ticket=ST-9", "text": "x"}]},
        },
    )
    stored = repr(redact_capture(capture))
    for secret in ("ST-9", "AB", "zz", "sid=1", "token=t", "s3cr3t"):
        assert secret not in stored, secret


def test_only_html_pages_that_loaded_are_scored():
    ok = PageCapture(
        url="http://e/",
        status=200,
        mime="text/html",
        dom_elements=10,
        requests=[RequestRecord(url="http://e/", resource_type="document", status=200, transfer_bytes=5000)],
    )
    assert score_page(ok)["grade"] == "A"
    assert score_page(PageCapture(url="http://e/f.pdf", status=200, mime="application/pdf")) is None
    assert score_page(PageCapture(url="http://e/", status=500, mime="text/html")) is None
    assert score_page(PageCapture(url="http://e/", status=200, mime="text/html", error="timeout")) is None
