"""The `chipbrief` command: a thin layer over the library's functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chipbrief.pipeline import generate
from chipbrief.problems import ContentError
from chipbrief.render import RenderError

KINDS = ("sources", "companies", "chips", "events", "briefs")

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder that holds mkdocs.yml, content/ and templates/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chipbrief")
def main() -> None:
    """Build and check the chipbrief site from content/ and templates/.

    Example:

        chipbrief check && chipbrief build
    """


@main.command()
@root_option
def check(root: Path) -> None:
    """Check every content file, render every page from it, and print every problem at once.

    Each problem is printed as path:line:col: field: expected X, found Y. Whatever passes
    this check, the build builds: a page that cannot be rendered is a problem here.
    Exits 1 if there is any problem, 0 if content/ is valid.

    Example:

        chipbrief check
    """
    try:
        catalog = generate(root).catalog
    except ContentError as error:
        _fail(str(error))
    counts = ", ".join(f"{len(getattr(catalog, kind))} {kind}" for kind in KINDS)
    click.echo(f"content/ is valid: {counts}")


@main.command()
@root_option
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--site-url", default="", help="The published address, for feeds and citations; links are root-relative without it."
)
def export(root: Path, directory: Path, site_url: str) -> None:
    """Write every generated page, data file and feed, with docs/, into DIRECTORY.

    For site engines that run no MkDocs hooks. DIRECTORY is replaced as a whole, and only
    once every file has rendered: on a content problem nothing is written.

    Example:

        chipbrief export build/docs
    """
    from chipbrief.export import export_site

    try:
        count = export_site(root, directory, site_url)
    except (ContentError, RenderError, FileExistsError) as error:
        _fail(str(error))
    click.echo(f"wrote {count} generated files and docs/ to {directory}")


@main.command()
@root_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site, from the current folder (default: mkdocs.yml's site_dir, site/ beside it).",
)
@click.option("--clean", is_flag=True, help="Build every page from scratch instead of only what changed.")
@click.option("--no-search", is_flag=True, help="Write no search index (Pagefind and the alias table).")
def build(root: Path, site_dir: Path | None, clean: bool, no_search: bool) -> None:
    """Build the site with MkDocs in strict mode (as `mkdocs build --strict`), atomically and incrementally.

    The site is built into a temporary folder beside the site folder and swapped in only when
    complete. Only the pages whose input changed since the last build are rebuilt (a change to
    mkdocs.yml, overrides/, the code, a package or any page title rebuilds all); the result is
    what --clean gives. The search index is rebuilt whenever a page changed. On any problem
    (content, template, strict-mode warning) every one is printed, the command exits 1, and the
    previous site is left as it was; so it is on SIGTERM or Ctrl-C.

    Example:

        chipbrief build --site-dir site
    """
    from chipbrief.sitebuild import BuildInterrupted, SiteBuildError, build_site

    try:
        target = build_site(root, site_dir, clean=clean, search=not no_search)
    except SiteBuildError as error:
        _fail(str(error))
    except BuildInterrupted as stop:
        if stop.site_replaced:
            click.echo(f"stopped by {stop.signal_name} after the new site was in place", err=True)
        else:
            click.echo(f"stopped by {stop.signal_name}; the previous site was left as it was", err=True)
        sys.exit(stop.code)
    click.echo(f"built the site into {target}")


@main.command()
@root_option
@click.argument("kind", type=click.Choice(["brief", "source", "chip", "company", "event"]))
@click.option("--url", help="The article's URL (brief, source): copy it from your browser, letter for letter.")
@click.option("--lang", help="ISO 639-1 language of the original (brief, source), e.g. fr, zh, en.")
@click.option(
    "--id", "ident", help="The new entity's id (a lower-case slug); derived from the URL or name if left out."
)
@click.option("--name", help="Name of the chip or company (chip, company).")
def new(root: Path, kind: str, url: str | None, lang: str | None, ident: str | None, name: str | None) -> None:
    """Write a skeleton content file to fill in, and say what to run next.

    Refuses to overwrite an existing file. A brief also gets its source skeleton
    when no source has that URL yet.

    Example:

        chipbrief new brief --url https://example.org/article --lang fr
    """
    from chipbrief.scaffold import ScaffoldError, new_entity

    try:
        written = new_entity(root, kind, url=url, lang=lang, ident=ident, name=name)
    except ScaffoldError as error:
        _fail(str(error))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo("next: fill in the fields marked TODO, then run `chipbrief check`")


@main.command()
@root_option
@click.option("--offline", is_flag=True, help="Check URL form only; make no request.")
@click.option("--timeout", default=15.0, show_default=True, help="Seconds to wait for each response.")
@click.option("--per-host", default=2, show_default=True, help="Requests in flight to one host at most.")
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".cache/linkcheck.json"),
    show_default=True,
    help="Results cache; fresh results are not checked again.",
)
@click.option("--max-age", default=7.0, show_default=True, help="Days a cached result stays fresh.")
@click.option(
    "--url-budget",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds one URL may take from its first request, retries and redirects included.",
)
@click.option(
    "--run-budget",
    type=click.FloatRange(min=0, min_open=True),
    default=1200.0,
    show_default=True,
    help="Seconds the whole check may take; URLs without an answer by then are reported not checked.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also connect to localhost and private addresses (for testing against a local server only).",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a summary fit to publish (outcomes, HTTP statuses, source ids; no server text) here.",
)
def linkcheck(
    root: Path,
    offline: bool,
    timeout: float,
    per_host: int,
    cache_path: Path,
    max_age: float,
    url_budget: float,
    run_budget: float,
    allow_private: bool,
    summary_path: Path | None,
) -> None:
    """Check every source URL and archive URL; report ok, redirected, broken, timed out, not public, blocked.

    Connects only to public addresses: a URL, or a redirect, that leads to localhost or a
    loopback, private or link-local address is reported not public, and nothing is sent to it.
    Exits 1 if any link is broken, timed out or not public. For a broken link, the report
    points at the source's archive URL or says there is none.

    Example:

        chipbrief linkcheck --offline
    """
    from chipbrief.linkcheck import LinkCheckOptions, check_links, format_report, format_summary

    try:
        catalog = generate(root).catalog
    except ContentError as error:
        _fail(str(error))
    options = LinkCheckOptions(
        offline=offline,
        timeout=timeout,
        per_host=per_host,
        cache_path=root / cache_path,
        max_age_days=max_age,
        url_budget=url_budget,
        run_budget=run_budget,
        allow_private=allow_private,
    )
    report = check_links(catalog, options)
    click.echo(format_report(report))
    if summary_path is not None:
        try:
            summary_path.write_text(format_summary(report) + "\n", encoding="utf-8")
        except OSError as error:
            _fail(f"{summary_path}: summary not written ({error.strerror or error})")
    if report.failed:
        sys.exit(1)


@main.command()
@root_option
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"), required=False)
def schemas(root: Path, directory: Path) -> None:
    """Write the JSON Schema of every content kind, generated from the models, into DIRECTORY.

    Editors use them through each content file's first line
    (# yaml-language-server: $schema=...). A test fails when schemas/ drifts from the models.

    Example:

        chipbrief schemas schemas
    """
    from chipbrief.schemas import write_schemas

    for path in write_schemas(root / directory):
        click.echo(f"wrote {path}")


def _fail(message: str) -> None:
    """Report an error the user can act on: print it on stderr, without a traceback, and exit 1."""
    click.echo(message, err=True)
    sys.exit(1)
