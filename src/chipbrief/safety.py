"""Making untrusted content safe wherever it lands: text, URLs, brief bodies, script data, CSV cells.

Everything under content/ arrives by pull request from strangers. Every producer (templates, page
helpers, data downloads) writes content through the functions here, so one module decides what
content can become:

- `text`: a value is text. It is escaped for HTML (`<`, `&`, quotes) *and* for Markdown (every
  character that could open a link, emphasis, code, an attribute list, a table cell, a footnote or
  a block such as a heading, list or admonition is written as a character reference), and line
  breaks fold to spaces. It reads the same in page bodies, table cells, headings and attributes.
- `url`: a URL that passed the model's whole-string check, escaped for an `href` attribute.
- `brief_body_html`: a brief body keeps the Markdown a writer needs (headings, emphasis, lists,
  links, tables, footnotes, blockquotes, code) and nothing else: it is rendered by a Markdown
  instance of its own and the HTML goes through nh3 (the Ammonia sanitizer) with an allow-list.
  `brief_body_problems` lets `chipbrief check` reject what the sanitizer would drop, with a line.
- `script_json`: JSON that is safe inside a `<script type="application/json">` element.
- `csv_cell`: a cell that a spreadsheet will not run as a formula.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from markupsafe import Markup

# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

#: Characters that open Markdown or HTML syntax anywhere in a line, and quotes (for attributes),
#: written as character references; control characters dropped.
_ALWAYS = str.maketrans(
    {**{c: f"&#{ord(c)};" for c in "\\`*_{}[]<>&|#!\"'"}, **{chr(i): None for i in (*range(32), 127)}}
)
#: Characters that open a block (list, heading underline, definition) only at the start of a line.
_LEADING = {c: f"&#{ord(c)};" for c in "-+=:~%"}
_WHITESPACE = re.compile(r"\s+")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")


def escape_text(value: object) -> str:
    """Return value as inert text for HTML and Markdown alike (see the module's docstring)."""
    out = _WHITESPACE.sub(" ", str(value)).strip().translate(_ALWAYS)
    if out[:1] in _LEADING:
        out = _LEADING[out[0]] + out[1:]
    if out[:1].isdigit():
        out = _ORDERED_LIST.sub(lambda m: m[1] + f"&#{ord(m[2])};", out, count=1)
    return out


def text(value: object) -> Markup:
    """The value as text, marked safe for templates: what `{{ value }}` prints for any plain value."""
    if isinstance(value, Markup):
        return value
    return Markup(escape_text(value))


def plain(value: object) -> str:
    """Text for places MkDocs and Material print without Markdown (front-matter titles): HTML-escaped."""
    folded = _WHITESPACE.sub(" ", str(value)).strip()
    return html.escape("".join(ch for ch in folded if unicodedata.category(ch) != "Cc"), quote=True)


# ---------------------------------------------------------------------------
# URLs
# ---------------------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
#: ASCII characters a URL may hold after its host: RFC 3986 less quotes, brackets, parentheses and `\`.
_URL_ASCII_TAIL = r"A-Za-z0-9\-._~:/?#@!$&*+,;=%"
URL_PATTERN = re.compile(
    rf"https?://(?:{_LABEL}\.)+{_LABEL}\.?(?::[0-9]{{1,5}})?(?:[/?#][{_URL_ASCII_TAIL}\u00a0-\U0010ffff]*)?"
)
#: The longest URL accepted (browsers and archives handle far more; no real page needs it).
URL_MAX_LENGTH = 2000


def url_problem(value: str) -> str | None:
    """Why value is not an acceptable source URL, or None: http(s), a host name, no markup characters.

    The whole string must match (no trailing newline slips through), and it may not contain
    whitespace, quotes, `<`, `>`, `(`, `)`, brackets, braces, `|`, `\\`, `^` or a backtick. Letters
    outside ASCII (Chinese paths) are kept as the browser shows them.
    """
    if len(value) > URL_MAX_LENGTH:
        return f"expected a URL of at most {URL_MAX_LENGTH} characters, found {len(value)}"
    if not value.startswith(("http://", "https://")):
        return f"expected an http:// or https:// URL, found {_short(value)}"
    bad = next((ch for ch in value if _bad_url_char(ch)), None)
    if bad is not None:
        return f"expected a URL without spaces, quotes, brackets or markup characters, found {bad!r} in {_short(value)}"
    if not URL_PATTERN.fullmatch(value):
        return f"expected an http:// or https:// URL with a host (no user name), found {_short(value)}"
    return None


def _bad_url_char(ch: str) -> bool:
    if ord(ch) < 128:
        return not re.fullmatch(rf"[{_URL_ASCII_TAIL}]", ch)
    return unicodedata.category(ch)[0] in "CZ"  # controls, format characters, spaces of every script


def _short(value: str) -> str:
    return repr(value if len(value) <= 120 else value[:117] + "...")


def url(value: str) -> Markup:
    """A validated URL escaped for an href attribute (and inert if it ever lands in Markdown)."""
    return Markup(html.escape(value, quote=True).replace("*", "&#42;").replace("_", "&#95;"))


def link(href: str, label: object, rel: str = "") -> Markup:
    """An <a> element to a validated URL with a text label."""
    rel_attr = f' rel="{rel}"' if rel else ""
    return Markup(f'<a href="{url(href)}"{rel_attr}>{text(label)}</a>')


# ---------------------------------------------------------------------------
# Brief bodies
# ---------------------------------------------------------------------------

#: The longest brief body accepted: briefs are summaries (the longest today is about 2,000 characters).
BODY_MAX_LENGTH = 20_000

_BODY_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "div",
}  # fmt: skip
_BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align"},
    "td": {"align"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
}
_BODY_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
_BODY_EXTENSIONS = ["tables", "footnotes", "sane_lists"]
_BODY_EXTENSION_CONFIG = {"footnotes": {"SEPARATOR": "-", "BACKLINK_TITLE": "Back to the text"}}
#: Link targets a body may use: http(s), a relative path, or an anchor on the page.
_SAFE_HREF = re.compile(r"(?:https?://|#|\.{0,2}/|[A-Za-z0-9_.-]+(?:[/#?]|$))")


@functools.cache
def _body_markdown() -> markdown.Markdown:
    """The one Markdown converter for brief bodies (reset before each use)."""
    md = markdown.Markdown(extensions=_BODY_EXTENSIONS, extension_configs=_BODY_EXTENSION_CONFIG)
    md.preprocessors.deregister("html_block")  # raw HTML is text, never markup
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("image_link")  # no images: a body must not make readers fetch from other hosts
    md.inlinePatterns.deregister("image_reference")
    md.inlinePatterns.deregister("short_image_ref")
    return md


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href" and not _SAFE_HREF.match(value):
        return None
    if name == "id" and not re.fullmatch(r"fn(?:ref)?-[A-Za-z0-9_-]{1,80}", value):
        return None
    return value


def sanitize_html(fragment: str) -> str:
    """Clean an HTML fragment with the brief-body allow-list (nh3): unknown tags and attributes go."""
    return nh3.clean(
        fragment,
        tags=_BODY_TAGS,
        attributes=_BODY_ATTRIBUTES,
        allowed_classes=_BODY_CLASSES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def brief_body_html(body: str) -> Markup:
    """A brief's Markdown body as sanitized HTML, wrapped so MkDocs passes it through untouched.

    Body headings start at level 2 (the page's title is the only h1): a `#` heading is shifted down.
    """
    converter = _body_markdown()
    converter.reset()
    rendered = converter.convert(_demote_h1(body))
    clean = sanitize_html(rendered)
    return Markup(f'<div class="cb-brief-body" markdown="0">\n{clean}\n</div>')


def _demote_h1(body: str) -> str:
    return re.sub(r"^#(?=\s)", "##", body, flags=re.M)


@dataclass(frozen=True)
class BodyIssue:
    """Something in a brief body that the sanitizer would drop or neutralise: its line, column and what."""

    line: int  # 1-based, within the body
    column: int
    message: str


_RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|!--|![A-Za-z]|\?)")
_IMAGE = re.compile(r"!\[")
_ATTR_LIST = re.compile(r"\{\s*[:#.]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def brief_body_problems(body: str) -> list[BodyIssue]:
    """Every construct in a brief body that is not plain Markdown, located by line and column."""
    if len(body) > BODY_MAX_LENGTH:
        first = len(body) - len(body.lstrip("\n")) + 1
        return [BodyIssue(first, 1, f"expected a body of at most {BODY_MAX_LENGTH:,} characters, found {len(body):,}")]
    issues = _bracket_runs(body)
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith(("    ", "\t")):
            continue
        issues.extend(_line_issues(number, _CODE_SPAN.sub(lambda m: " " * len(m[0]), line)))
    return issues


#: The most `[` one paragraph may hold: Markdown's link parser is quadratic in unclosed brackets.
BRACKETS_PER_PARAGRAPH = 200


def _bracket_runs(body: str) -> list[BodyIssue]:
    issues = []
    line = 1
    for paragraph in re.split(r"(\n[ \t]*\n)", body):
        if paragraph.count("[") > BRACKETS_PER_PARAGRAPH:
            issues.append(
                BodyIssue(
                    line + len(paragraph) - len(paragraph.lstrip("\n")),
                    1,
                    f"expected at most {BRACKETS_PER_PARAGRAPH} '[' in one paragraph, found {paragraph.count('[')}",
                )
            )
        line += paragraph.count("\n")
    return issues


def _line_issues(number: int, line: str) -> list[BodyIssue]:
    issues = []
    for match in _AUTOLINK.finditer(line):
        if not match[1].lower().startswith(("http://", "https://")):
            issues.append(BodyIssue(number, match.start() + 1, f"expected an http(s) link, found <{match[1]}>"))
    autolinks = {m.start() for m in _AUTOLINK.finditer(line)}
    for match in _RAW_HTML.finditer(line):
        if match.start() not in autolinks:
            found = line[match.start() : match.start() + 30].split(">")[0] + ">"
            issues.append(
                BodyIssue(
                    number, match.start() + 1, f"expected Markdown, not raw HTML (write &lt; for <), found {found!r}"
                )
            )
    for match in _IMAGE.finditer(line):
        issues.append(
            BodyIssue(
                number, match.start() + 1, "expected no images in a brief (link to the page instead), found ![...]"
            )
        )
    for match in _ATTR_LIST.finditer(line):
        issues.append(BodyIssue(number, match.start() + 1, f"expected no attribute lists, found {match[0]!r}"))
    for match in _LINK_TARGET.finditer(line):
        target = match[1] if match[1] is not None else match[2]
        if target and not _SAFE_HREF.match(target):
            issues.append(
                BodyIssue(number, match.start() + 1, f"expected an http(s), relative or # link, found {target[:60]!r}")
            )
    return issues


# ---------------------------------------------------------------------------
# Script data and CSV
# ---------------------------------------------------------------------------


def script_json(data: Any) -> Markup:
    """JSON for a `<script type="application/json">` element: `<`, `>`, `&` and line separators escaped."""
    dumped = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        dumped = dumped.replace(char, escaped)
    return Markup(dumped)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe.

    Plain numbers (including negative ones) stay numbers.
    """
    if value.startswith(_FORMULA_START) and not re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", value):
        return "'" + value
    return value


# ---------------------------------------------------------------------------
# Inline SVG (charts)
# ---------------------------------------------------------------------------

#: The SVG elements a chart may hold (what matplotlib writes, plus <title> and <desc>).
SVG_ELEMENTS = frozenset({"svg", "title", "desc", "defs", "g", "path", "use", "clipPath", "rect", "text", "tspan"})
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


class UnsafeSvg(ValueError):
    """An SVG holds an element or attribute a chart never needs (a script, a handler, an outside link)."""


def inline_svg(svg: str) -> Markup:
    """An SVG drawing (no XML declaration), checked element by element, marked safe to inline in a page.

    Text inside comes from content (chip names); matplotlib escapes it as XML. This is the second
    guard: the drawing must parse, hold only chart elements, no event handler and no link but to
    its own ids, or it is refused (UnsafeSvg), never inlined.
    """
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(svg.encode("utf-8"))
    except ElementTree.ParseError as error:
        raise UnsafeSvg(f"not well-formed: {error}") from None
    for element in root.iter():
        name = element.tag.removeprefix(_SVG_NS)
        if name not in SVG_ELEMENTS or not element.tag.startswith(_SVG_NS):
            raise UnsafeSvg(f"element {element.tag!r}")
        for attribute, value in element.attrib.items():
            if attribute.lower().startswith("on") or "javascript:" in value.lower():
                raise UnsafeSvg(f"attribute {attribute!r} of <{name}>")
            if attribute in ("href", _XLINK_HREF) and not value.startswith("#"):
                raise UnsafeSvg(f"link {value!r} of <{name}>")
    return Markup(svg)
