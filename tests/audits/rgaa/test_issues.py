"""axe violations grouped into issues by component and template (audits/rgaa/issues.py)."""

from ent_audit.audits.rgaa import normalise_target, site_view
from tests.audits.rgaa.pages import SITE, image_alt, three_pages


def test_issues_are_grouped_by_component_and_template():
    issues = site_view(three_pages())["issues"]
    alt = [i for i in issues if i["rule"] == "image-alt"]
    assert len(alt) == 1  # nth-child indexes dropped: one component
    [issue] = alt
    assert issue["target"] == "ul.devoirs > li > img"
    assert issue["pages"] == 2 and issue["templates"] == 1 and issue["nodes"] == 6
    assert issue["examples"] == [f"{SITE}/cahier/12", f"{SITE}/cahier/13"]
    assert issue["rgaa"] == ["1.1"] and issue["wcag"] == ["1.1.1"] and issue["impact"] == "critical"
    assert issue["help"] == "Images must have alternative text"
    assert [i["rule"] for i in issues] == ["image-alt", "color-contrast"]  # critical before serious
    assert all(i["rule"] != "video-caption" for i in issues)  # needs review is not an issue


def test_issue_order_impact_then_pages():
    pages = three_pages()
    pages[0]["accessibility"]["violations"].append(image_alt(["header img.logo"]))
    issues = site_view(pages)["issues"]
    assert [(i["rule"], i["target"], i["pages"]) for i in issues] == [
        ("image-alt", "ul.devoirs > li > img", 2),
        ("image-alt", "header img.logo", 1),
        ("color-contrast", "#footer > p", 1),
    ]


def test_target_normalisation():
    assert normalise_target("ul > li:nth-child(3) > img") == "ul > li > img"
    assert normalise_target("table tr:nth-of-type(2) td:nth-last-child(1)") == "table tr td"
    assert normalise_target("#message-42 > .avatar") == "* > .avatar"
    assert normalise_target('a[href="/cahier/12"] > span') == "a > span"
    assert normalise_target("#main-nav a.active") == "#main-nav a.active"  # ids without digits are kept
