"""The hook's incremental build: rebuild only the pages whose input changed, the rest as a full build gives them.

MkDocs's own `--dirty` decides by modification time and then forgets what it skipped: the pages
it does not rebuild lose their navigation titles and anchors. Here, under a dirty build:

1. `Rebuild.plan` (in on_files) compares each file's input digest with the last build's record
   (`chipbrief.build.manifest`) and marks a file modified unless the record vouches for its output.
   When a shared input or the site's shape changed (`chipbrief.build.fingerprint`), or there is no
   record, it empties the site folder and marks every file modified: a full build.
2. `Rebuild.restore` (in on_env) gives every page that is not rebuilt the title, metadata, anchors
   and links to anchors it had, so the pages that are rebuilt, and the anchor checks, see what a
   full build sees.
3. `Rebuild.record` (in on_post_build) writes the new record, only if no warning was logged: a page
   that warned is never skipped by the next build, so strict mode fails on it again.

A build that is not dirty has an empty site folder: every file is modified, and the record is
written for the next one. `search_current` says whether the search index in the folder was built
from the same pages (Pagefind indexes every page; it cannot update one).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from chipbrief.build import manifest as records
from chipbrief.build.fingerprint import file_key, shared_key, structure_key
from chipbrief.build.manifest import Manifest, Output, PageState
from chipbrief.digests import digest
from chipbrief.search import ALIAS_FOLDER

log = logging.getLogger("mkdocs.plugins.chipbrief")

#: MkDocs warns on every dirty build, which strict mode counts as a failure; under this hook a dirty
#: build is exact, so the warning is dropped (see `DirtyWarningFilter`).
DIRTY_WARNING = "A 'dirty' build is being performed"


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs's warning that a dirty build may be inaccurate: under this hook it is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    """Install `DirtyWarningFilter` on MkDocs's build logger, once."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyWarningFilter) for f in logger.filters):
        logger.addFilter(DirtyWarningFilter())


class _WarningCount(logging.Handler):
    """Counts the warnings and errors MkDocs and its plugins log during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Rebuild:
    """One build's incremental plan: which files are rebuilt, and the record it leaves for the next."""

    def __init__(self, root: Path, config: MkDocsConfig, files: Files, *, serving: bool) -> None:
        self.root = root
        self.site_dir = Path(config.site_dir)
        self.files = files
        self.started = time.perf_counter()
        self.keys = {file.src_uri: file_key(file) for file in files}
        self.shared = shared_key(root, config, serving=serving)
        self.structure = structure_key(files)
        self.previous = records.load(root, self.site_dir)
        self.full = (
            self.previous is None or self.previous.shared != self.shared or self.previous.structure != self.structure
        )
        self.modified: set[str] = set()
        self.warnings = _WarningCount()
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def plan(self) -> None:
        """Mark each file modified or not; for a full build, empty the site folder first."""
        if self.full:
            if self.site_dir.is_dir():
                utils.clean_directory(str(self.site_dir))
            self.modified = set(self.keys)
        else:
            assert self.previous is not None
            self.modified = {uri for uri, key in self.keys.items() if not self.previous.trusts(uri, key, self.site_dir)}
            self._unlink_untrusted()
        for file in self.files:
            _set_modified(file, file.src_uri in self.modified)
        pages = sum(1 for file in self.files.documentation_pages() if file.src_uri in self.modified)
        kind = "full build" if self.full else "incremental build"
        log.info("chipbrief: %s: writing %d of %d files, pages: %d", kind, len(self.modified), len(self.keys), pages)

    def _unlink_untrusted(self) -> None:
        """Remove every file of the site folder that this build does not keep as it is.

        What MkDocs then writes goes to a new file, never into an old one: the folder may be a
        hard-linked copy of the live site (`chipbrief build`), which must stay as it was until the
        swap. The search index and alias table are left to their own writers, which replace files.
        """
        assert self.previous is not None
        keep = {self.previous.outputs[uri].dest for uri in self.keys if uri not in self.modified}
        for folder, _, names in os.walk(self.site_dir):
            relative = Path(folder).relative_to(self.site_dir).as_posix()
            if relative.split("/", 1)[0] == "pagefind" or relative.startswith(ALIAS_FOLDER):
                continue
            for name in names:
                path = name if relative == "." else f"{relative}/{name}"
                if path not in keep:
                    os.unlink(os.path.join(folder, name))

    def restore(self) -> None:
        """Give each page that is not rebuilt what MkDocs would have learnt by reading and rendering it."""
        if self.full:
            return
        assert self.previous is not None
        for file in self.files.documentation_pages():
            if file.src_uri in self.modified or file.page is None:
                continue
            state = self.previous.pages[file.src_uri]
            page = file.page
            page.markdown = ""  # not None: a page that was read (its title rests on meta and render)
            page.content = ""
            page.meta = dict(state.meta)
            page._title_from_render = state.title
            page.present_anchor_ids = set(state.anchors) if state.anchors is not None else None
            if state.links is None:
                page.links_to_anchors = None
            else:
                page.links_to_anchors = {
                    target: dict(anchors)
                    for uri, anchors in state.links.items()
                    if (target := self.files.get_file_from_path(uri)) is not None
                }

    def search_key(self) -> str:
        """The digest of everything the pages of this build are made from."""
        pages = sorted(f"{file.src_uri} {self.keys[file.src_uri]}" for file in self.files.documentation_pages())
        return digest("\n".join([self.shared, self.structure, *pages]))

    def search_current(self) -> bool:
        """Whether the site folder holds a search index built from exactly these pages."""
        return (
            not self.full
            and self.previous is not None
            and self.previous.search == self.search_key()
            and (self.site_dir / "pagefind" / "pagefind.js").is_file()
        )

    def record(self, *, search: bool) -> None:
        """Write this build's record, or forget the last one if anything warned; `search`: an index was written."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.warnings.count:
            records.forget(self.root, self.site_dir)
            return
        outputs: dict[str, Output] = {}
        for file in self.files:
            output = Output(self.keys[file.src_uri], file.dest_uri)
            try:
                stat = (self.site_dir / file.dest_uri).stat()
            except OSError:
                continue  # not written (e.g. an empty page): never trusted
            output.size, output.mtime_ns = stat.st_size, stat.st_mtime_ns
            outputs[file.src_uri] = output
        pages = {}
        for file in self.files.documentation_pages():
            page = file.page
            if page is None:
                continue
            links = None
            if page.links_to_anchors is not None:
                links = {target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
            anchors = set(page.present_anchor_ids) if page.present_anchor_ids is not None else None
            pages[file.src_uri] = PageState(dict(page.meta), page._title_from_render, anchors, links)
        manifest = Manifest(self.shared, self.structure, outputs, pages, self.search_key() if search else None)
        records.save(self.root, self.site_dir, manifest)
        log.info("chipbrief: pages written in %.1f s", time.perf_counter() - self.started)

    def abandon(self) -> None:
        """After a failed build: stop counting, and forget the record (the folder may be half-written)."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        records.forget(self.root, self.site_dir)


def _set_modified(file: File, modified: bool) -> None:
    """Make MkDocs's dirty build write file (or skip it) as the plan says, whatever the modification times."""
    file.is_modified = (lambda: True) if modified else (lambda: False)  # type: ignore[method-assign]
