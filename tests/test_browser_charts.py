"""Charts in headless Chromium: real text at readable sizes, at a phone's and a desktop's width, light and dark.

The built site is served on loopback; each case opens the chart page in one language, viewport width
and colour scheme, then measures what the reader sees: the rendered size of every label (font size
times the drawing's scale on screen), which drawing the column shows, the font the page picks, the
text colour against the page, and the pixels behind a chart (no white box in the dark scheme).
Screenshots go to build/test-artifacts/charts/ (or $CHIPBRIEF_ARTIFACTS) for a reviewer: never committed.
"""

from __future__ import annotations

import io

import pytest

from conftest import ARTIFACTS as CONFTEST_ARTIFACTS
from conftest import serious_axe_violations

pytestmark = pytest.mark.browser

ARTIFACTS = CONFTEST_ARTIFACTS / "charts"
MIN_PX = 11.0

#: Every <text> of the drawings the page shows: its words, rendered size in CSS px, font list and fill.
MEASURE = """() => {
  const out = [];
  for (const drawing of document.querySelectorAll('.cb-chart__drawing')) {
    if (getComputedStyle(drawing).display === 'none') continue;
    for (const text of drawing.querySelectorAll('text')) {
      const style = getComputedStyle(text);
      const ctm = text.getScreenCTM();
      out.push({
        words: text.textContent,
        px: parseFloat(style.fontSize) * Math.hypot(ctm.a, ctm.b),
        family: style.fontFamily,
        fill: style.fill,
        layout: drawing.classList.contains('cb-chart__drawing--wide') ? 'wide' : 'narrow',
      });
    }
  }
  return out;
}"""


def _rgb(colour: str) -> tuple[float, ...]:
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 0.5)' -> its numbers."""
    return tuple(float(part) for part in colour[colour.index("(") + 1 : -1].split(","))


def _luminance(colour: tuple[float, ...]) -> float:
    r, g, b = (channel / 255 for channel in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("language", ["", "zh/"], ids=["en", "zh"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_read_at_the_columns_width(
    guarded_context, served_site: str, language: str, scheme: str, width: int
) -> None:
    context = guarded_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    response = page.goto(f"{served_site}/{language}charts/")
    if language and (response is None or response.status == 404):
        pytest.skip("no Chinese chart page in this build")
    assert response is not None and response.status == 200
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected

    figures = page.locator("figure.cb-chart")
    assert figures.count() >= 3
    texts = page.evaluate(MEASURE)
    layouts = {text["layout"] for text in texts}
    assert layouts == {"wide" if width >= 1000 else "narrow"}  # one drawing per chart, the one that fits
    shown = page.evaluate(
        "() => [...document.querySelectorAll('figure.cb-chart')].map(f => [...f.querySelectorAll('.cb-chart__drawing')]"
        ".filter(d => getComputedStyle(d).display !== 'none').length)"
    )
    assert shown == [1] * figures.count()

    assert len(texts) > 100  # tick labels, axis labels, legends, chip names: real text, not outlines
    print(f"{width} px {scheme}: {len(texts)} labels, smallest {min(t['px'] for t in texts):.1f} px")
    small = sorted({(round(text["px"], 1), text["words"]) for text in texts if text["px"] < MIN_PX - 0.05})
    assert small == [], f"labels under {MIN_PX} px at {width} px: {small[:10]}"
    assert any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text["words"])  # Chinese names are text too
    assert all("Noto Sans CJK SC" in text["family"] for text in texts)  # the page's CSS picks the font

    background = _rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    text_fill = _rgb(texts[0]["fill"])
    if scheme == "dark":
        assert _luminance(text_fill) > 0.6 > _luminance(background)  # light text on the slate page
    else:
        assert _luminance(text_fill) < 0.3 < _luminance(background)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = f"{language.strip('/') or 'en'}-{scheme}-{width}"
    page.screenshot(path=str(ARTIFACTS / f"{name}-page.png"))
    first = figures.first
    first.scroll_into_view_if_needed()
    shot = first.screenshot(path=str(ARTIFACTS / f"{name}-chart.png"))
    white = _white_share(shot)
    if scheme == "dark":
        assert white < 0.01, f"{white:.1%} of the chart's pixels are white in the dark scheme"

    serious = serious_axe_violations(page)
    assert serious == []
    assert context.aborted == []


def _white_share(png: bytes) -> float:
    """The share of near-white pixels in a screenshot."""
    import numpy
    from PIL import Image

    pixels = numpy.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return float((pixels.min(axis=2) > 235).mean())


def test_a_narrow_column_keeps_labels_readable_and_scrolls(guarded_context, served_site: str) -> None:
    """At 320 px the column is narrower than the narrow drawing: it keeps 11 px labels and scrolls sideways."""
    page = guarded_context(viewport={"width": 320, "height": 800}).new_page()
    page.goto(served_site + "/charts/")
    texts = page.evaluate(MEASURE)
    assert texts and min(text["px"] for text in texts) >= MIN_PX - 0.05
    scrolls = page.evaluate(
        "() => { const f = document.querySelector('figure.cb-chart'); return f.scrollWidth > f.clientWidth; }"
    )
    assert scrolls
