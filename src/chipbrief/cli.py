"""The `chipbrief` command: a thin layer over the library's functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chipbrief.problems import ContentError
from chipbrief.render import RenderError
from chipbrief.validate import check as check_content

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
    """Check every content file and print every problem at once.

    Each problem is printed as path:line:col: field: expected X, found Y.
    Exits 1 if there is any problem, 0 if content/ is valid.

    Example:

        chipbrief check
    """
    try:
        catalog = check_content(root)
    except ContentError as error:
        _fail(str(error))
    counts = ", ".join(f"{len(getattr(catalog, kind))} {kind}" for kind in KINDS)
    click.echo(f"content/ is valid: {counts}")


@main.command()
@root_option
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export(root: Path, directory: Path) -> None:
    """Write every generated page, with docs/, as Markdown files into DIRECTORY.

    For site engines that run no MkDocs hooks. DIRECTORY is replaced as a whole, and only
    once every page has rendered: on a content problem nothing is written.

    Example:

        chipbrief export build/docs
    """
    from chipbrief.export import export_site

    try:
        count = export_site(root, directory)
    except (ContentError, RenderError, FileExistsError) as error:
        _fail(str(error))
    click.echo(f"wrote {count} generated pages and docs/ to {directory}")


@main.command()
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Where to write the site.")
def build(root: Path, site_dir: Path | None) -> None:
    """Build the site with MkDocs in strict mode (the same as `mkdocs build --strict`).

    Content problems stop the build before anything is written.

    Example:

        chipbrief build --site-dir site
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    options = {"site_dir": str(site_dir.resolve())} if site_dir else {}
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, **options)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as error:
        _fail(str(error))


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)
