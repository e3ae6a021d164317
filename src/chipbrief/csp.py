"""The Content-Security-Policy every built page carries: defence in depth behind the escaping.

Content is escaped and sanitized before it reaches a page (`chipbrief.safety`); if anything ever
slipped through, the policy still stops it from running. Scripts run only from our own host, plus
the few inline scripts Material's own template writes, each allowed by its SHA-256 hash. The
hashes are taken from the page *outside* its content, so an inline script inside the content
would never be allowed. No plugin, frame or remote asset is allowed. The policy is a `<meta>`
element, as static hosting sets no headers (so `frame-ancestors` cannot be set here).
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script(?P<attrs>\s[^>]*)?>(?P<body>.*?)</script>", re.S | re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)

#: Every directive but script-src, which gets the hashes of each page's template scripts.
BASE_POLICY = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # Material sets style attributes from its scripts
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source expression ('sha256-...') of every inline executable script in html, in order, once each."""
    hashes: list[str] = []
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"] or ""
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind[1].lower() not in _JS_TYPES:
            continue  # data blocks (application/json) are never executed
        digest = base64.b64encode(hashlib.sha256(match["body"].encode("utf-8")).digest()).decode("ascii")
        expression = f"'sha256-{digest}'"
        if expression not in hashes:
            hashes.append(expression)
    return hashes


#: Pagefind's search runs as WebAssembly, which script-src must allow to compile; it allows no eval() of text.
WASM = "'wasm-unsafe-eval'"


def policy(script_hashes: list[str]) -> str:
    """The whole policy: our scripts and the given inline ones only, plus WebAssembly (Pagefind)."""
    return "; ".join([" ".join(["script-src 'self'", WASM, *script_hashes]), *BASE_POLICY])


def add_content_security_policy(page_html: str, content_html: str) -> str:
    """Insert the policy right after <meta charset> (or <head>), allowing the template's inline scripts only."""
    template_part = page_html.replace(content_html, "") if content_html else page_html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(template_part))}">'
    anchor = re.search(r"<meta charset=[^>]*>", page_html, re.I) or re.search(r"<head[^>]*>", page_html, re.I)
    if anchor is None:
        return page_html
    return page_html[: anchor.end()] + "\n      " + meta + page_html[anchor.end() :]
