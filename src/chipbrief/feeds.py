"""Atom feeds of briefs: one for the site, one per company; dated from the briefs, same bytes each build."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from feedgen.feed import FeedGenerator

from chipbrief.catalog import Catalog
from chipbrief.models import Brief

SITE_FEED = "feeds/briefs.atom.xml"


def company_feed_path(company_id: str) -> str:
    """Where a company's feed lives under the site."""
    return f"feeds/companies/{company_id}.atom.xml"


def build_feeds(catalog: Catalog, site_url: str) -> dict[str, str]:
    """Every feed, by its path under the site.

    Links are absolute under site_url when the published address is known, else root-relative
    (never a local address). Ids are stable URNs, the same wherever the site is served.
    """
    base = site_url.rstrip("/") + "/"
    feeds = {SITE_FEED: _feed(catalog.briefs_newest_first, base, SITE_FEED, "chipbrief: briefs")}
    for company in catalog.companies.values():
        briefs = catalog.briefs_by_entity.get(("companies", company.id), [])
        if briefs:
            path = company_feed_path(company.id)
            feeds[path] = _feed(briefs, base, path, f"chipbrief: briefs mentioning {company.name}")
    return dict(sorted(feeds.items()))


def _feed(briefs: list[Brief], base: str, path: str, title: str) -> str:
    feed = FeedGenerator()
    feed.id(_urn(path))
    feed.title(title)
    feed.author({"name": "chipbrief"})
    feed.link(href=base + path, rel="self")
    feed.link(href=base + "briefs/", rel="alternate")
    feed.language("en")
    feed.subtitle("Sourced briefings on China's AI-chip race.")
    feed.generator("chipbrief")
    feed.updated(max((_date(b) for b in briefs), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    for brief in reversed(briefs):  # feedgen prepends: add oldest first, newest ends on top
        url = f"{base}briefs/{brief.meta.date[:4]}/{brief.id}/"
        entry = feed.add_entry()
        entry.id(_urn(f"briefs/{brief.id}"))
        entry.title(brief.meta.title)
        entry.link(href=url)
        entry.updated(_date(brief))
        entry.published(_date(brief))
        entry.summary(_first_paragraph(brief.body))
    return feed.atom_str(pretty=True).decode("utf-8")


def _urn(path: str) -> str:
    """A permanent Atom id for a feed or entry, independent of the host that serves it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"chipbrief:{path}").urn


def _date(brief: Brief) -> dt.datetime:
    """A brief's date as a UTC datetime; partial dates count from the period's first day."""
    parts = [int(part) for part in brief.meta.date.split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


def _first_paragraph(body: str) -> str:
    """The brief's first paragraph as plain text, for the feed summary."""
    paragraph = next((p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()), "")
    return re.sub(r"[*_`]|\s+", lambda m: " " if m.group(0).isspace() else "", paragraph).strip()
