"""The `chipbrief` command: a thin layer over the library's functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chipbrief.problems import ContentError
from chipbrief.validate import check as check_content

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder that holds content/ and templates/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chipbrief")
def main() -> None:
    """Build and check the chipbrief site from content/ and templates/."""


@main.command()
@ROOT_OPTION
def check(root: Path) -> None:
    """Check every content file and print every problem at once.

    Exits 1 if there is any problem, printing each as
    path:line:col: field: expected X, found Y.

    Example:

        chipbrief check
    """
    try:
        catalog = check_content(root)
    except ContentError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    counts = ", ".join(f"{len(getattr(catalog, kind))} {kind}" for kind in ("sources", "companies", "chips", "events", "briefs"))
    click.echo(f"content/ is valid: {counts}")
