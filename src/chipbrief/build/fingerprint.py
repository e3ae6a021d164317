"""Digests of a build's inputs: what a page reads, what every page shares, and the shape of the site.

An incremental build compares these with the ones the last build recorded. Three kinds:
- a file's own input (`file_key`): a generated file's content, else its source file;
- the inputs every page shares (`shared_key`): mkdocs.yml and the resolved config, theme overrides,
  docs/ assets, non-template files under templates/ (such as interface catalogues), the whole
  chipbrief package (the hook, the generator, any catalogue beside them), every installed package's
  version and the Python version. A change to any of them means a full build;
- the site's shape (`structure_key`): every file's path and every page's front matter (its title,
  read by every page's navigation). A changed shape also means a full build.
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from chipbrief.digests import PACKAGE, digest, package_versions, tree_digest

#: Project folders whose every file is an input of every page (theme overrides, hand-written assets).
SHARED_FOLDERS = ("overrides",)
#: Hand-written Markdown pages are keyed one by one, like generated pages; the rest of docs/ is shared.
PAGE_SUFFIX = ".md"
#: Generator templates are read into the Markdown of the pages that use them (keyed per page);
#: any other file under templates/ (a catalogue, a data file) is a shared input.
TEMPLATE_SUFFIX = ".j2"


def file_key(file: File) -> str:
    """What a file's output is made from: its generated content, else its source file's bytes.

    Theme files (inside an installed package, covered by the package versions) are keyed by path,
    size and modification time, to avoid reading the whole theme on every build.
    """
    content = file._content  # set by File.generated; MkDocs has no public reader that does not render
    if content is not None:
        return digest(content)
    source = Path(file.abs_src_path or "")
    if file.src_uri.endswith(PAGE_SUFFIX) or not source.is_relative_to(sys.prefix):
        return digest(source.read_bytes())
    stat = source.stat()
    return digest(f"{source}:{stat.st_size}:{stat.st_mtime_ns}")


def page_markdown(file: File) -> str:
    """A page's Markdown as MkDocs will read it."""
    content = file._content
    if content is not None:
        return content if isinstance(content, str) else content.decode("utf-8-sig")
    return Path(file.abs_src_path or "").read_text(encoding="utf-8-sig")


def front_matter(markdown: str) -> str:
    """A page's YAML front matter block as written, or '' when it has none."""
    if not markdown.startswith("---"):
        return ""
    end = markdown.find("\n---", 3)
    return markdown[: end + 4] if end >= 0 else markdown


def structure_key(files: Files) -> str:
    """The site's shape: every file's source and output path, every page's front matter.

    A page whose front matter gives no title takes it from its first heading: the whole page is
    then part of the shape, so that an edit to that heading also rebuilds every page.
    """
    parts = []
    for file in sorted(files, key=lambda f: f.src_uri):
        parts.append(f"{file.src_uri}\0{file.dest_uri}")
        if file.is_documentation_page():
            markdown = page_markdown(file)
            head = front_matter(markdown)
            has_title = any(line.startswith("title:") for line in head.splitlines())
            parts.append(head if has_title else digest(markdown))
    return digest("\0\0".join(parts))


def shared_key(root: Path, config: MkDocsConfig, *, serving: bool) -> str:
    """The digest of every input that all pages share (see the module's docstring)."""
    parts = [
        f"python {platform.python_version()}",
        *package_versions(),
        f"serving {serving}",
        f"site_url {config.site_url}",
        "extra " + json.dumps(config.extra, sort_keys=True, default=str),
        tree_digest(root / "mkdocs.yml"),
        *(tree_digest(root / folder) for folder in SHARED_FOLDERS),
        tree_digest(root / config.docs_dir if config.docs_dir else root / "docs", skip_suffix=PAGE_SUFFIX),
        tree_digest(root / "templates", skip_suffix=TEMPLATE_SUFFIX),
        tree_digest(PACKAGE),
    ]
    return digest("\n".join(parts))


def as_json(value: Any) -> str:
    """A stable text form of a plain value, for digests."""
    return json.dumps(value, sort_keys=True, default=str)
