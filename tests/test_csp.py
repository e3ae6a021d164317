"""The Content-Security-Policy on every built page: present, strict, and harmless to Material's own scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chipbrief.csp import add_content_security_policy, inline_script_hashes

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_built_page_carries_a_strict_policy(real_site: Path) -> None:
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 300
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, page
        directives = dict(d.strip().split(" ", 1) for d in found[0].split(";"))
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert directives["object-src"] == "'none'" and directives["default-src"] == "'self'"
        # the policy comes before any script can run
        assert html.index("Content-Security-Policy") < html.index("<script"), page


def test_only_scripts_outside_the_content_are_hashed() -> None:
    page = "<html><head><meta charset=utf-8></head><body><script>template()</script>{content}</body></html>"
    content = "<article><script>injected()</script><script type='application/json'>{}</script></article>"
    html = add_content_security_policy(page.format(content=content), content)
    (allowed,) = inline_script_hashes("<script>template()</script>")
    (injected,) = inline_script_hashes("<script>injected()</script>")
    assert allowed in html and injected not in html
    assert inline_script_hashes('<script src="/x.js"></script><script type="application/json">{}</script>') == []


PAGES = ["/", "/chips/nvidia-h20/", "/compare/", "/compare/versus/", "/timeline/", "/charts/", "/data/", "/404.html"]

VIOLATIONS = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));"""


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_material_and_our_scripts_run_under_the_policy(page, served_site: str, path: str) -> None:
    page.add_init_script(VIOLATIONS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served_site + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    # Material's bundle ran: it sets up the header and the search component
    assert page.evaluate(
        "typeof document$ !== 'undefined' || document.querySelector('[data-md-component=search]') !== null"
    )


@pytest.mark.browser
def test_script_slipped_into_a_page_does_not_run(page, served_site: str) -> None:
    """If markup from content ever got through the escaping, the policy would still stop its script."""
    page.add_init_script(VIOLATIONS)
    page.goto(served_site + "/chips/nvidia-h20/")
    page.evaluate(
        """() => {
        const box = document.createElement("div");
        box.innerHTML = '<img src="/missing.png" onerror="window.__pwned = 1">';
        document.body.append(box);
        const script = document.createElement("script");
        script.textContent = "window.__pwned = 2";
        document.body.append(script);
        const link = document.createElement("a");
        link.href = "javascript:window.__pwned = 3";
        document.body.append(link);
        link.click();
    }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    violations = page.evaluate("window.__cspViolations")
    assert any(v.startswith("script-src") for v in violations), violations
