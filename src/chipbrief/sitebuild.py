"""Builds the site into a temporary folder and swaps it in; incrementally unless asked for a clean build.

`chipbrief build` runs the strict MkDocs build into a hidden folder beside the site folder (the
same filesystem, so the swap is two renames) and replaces the site only once the build is
complete. A failed build, SIGTERM or Ctrl-C leaves the previous site as it was and removes the
temporary folder. Every warning and error that MkDocs, its plugins or the hook logged is kept
and returned in the error, so the reader sees the whole list (MkDocs itself ends with only
"Aborted with a BuildError!").

By default the temporary folder starts as the site before last (the spare the previous build
kept, see `spare_folder`), else as a hard-linked copy of the current site, each with the record
of how it was built (`chipbrief.build`), and MkDocs runs dirty under the hook: only the pages
whose input changed are written, and the result is what a clean build writes. `clean=True`
starts from an empty folder and builds everything.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
import traceback
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from chipbrief.build import NO_SEARCH, copy_record, forget_record, move_record, quiet_dirty_warning
from chipbrief.build.manifest import manifest_path
from chipbrief.rendercache import forget as forget_render_cache

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
#: Where the site before last is kept for the next build (see `spare_folder`), under the project root.
SPARE_FOLDER = Path(".cache") / "spare"


class SiteBuildError(Exception):
    """A build that failed: the message lists every problem logged, then says the site is unchanged."""


class BuildInterrupted(SystemExit):
    """Raised in place of SIGTERM's or SIGINT's default, so that cleanup runs before the process ends.

    Its exit code is 128 + the signal number, as a shell reports a process killed by that signal.
    `site_replaced` says whether the new site was already in place when the signal was handled.
    """

    def __init__(self, signum: int, *, site_replaced: bool = False) -> None:
        super().__init__(128 + signum)
        self.signum = signum
        self.site_replaced = site_replaced

    @property
    def signal_name(self) -> str:
        """The signal's name, such as SIGTERM."""
        return signal.Signals(self.signum).name


def build_site(root: Path, site_dir: Path | None = None, *, clean: bool = False, search: bool = True) -> Path:
    """Build root's site with MkDocs in strict mode and swap it into site_dir; return the site folder.

    site_dir defaults to mkdocs.yml's `site_dir`. The build is incremental from the current site
    unless `clean`; `search=False` writes no search index. Raises SiteBuildError, listing every problem, if
    the build fails, and BuildInterrupted on SIGTERM or SIGINT; in both cases the previous site is
    left as it was and no temporary folder remains.
    """
    logged = _Logged()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(logged)
    try:
        with _StopSignals() as signals:
            target = site_dir.resolve() if site_dir is not None else None
            config = _load(root, target, logged)
            target = Path(config.site_dir).resolve()
            if target.exists() and not target.is_dir():
                raise SiteBuildError(f"{target} exists and is not a folder; move it away or choose --site-dir")
            staging = _make_staging(target)
            spare = spare_folder(root, target)
            try:
                if clean:
                    forget_render_cache(root)  # a clean build renders every page, as if for the first time
                    _drop_spare(root, spare)
                incremental = not clean and (_take_spare(root, spare, staging) or _copy_site(root, target, staging))
                config["site_dir"] = str(staging)
                config[NO_SEARCH] = not search
                _run(config, target, logged, dirty=incremental)
                signals.hold = True  # the two renames happen together or not at all
                old = _swap(staging, target)
                _keep_spare(root, old, target, spare)  # the old site is the next build's starting point
                move_record(root, staging, target)
            finally:
                signals.hold = True
                shutil.rmtree(staging, ignore_errors=True)
                forget_record(root, staging)
                signals.hold = False
            if signals.pending is not None:  # arrived during the swap: the new site is in place
                raise BuildInterrupted(signals.pending, site_replaced=True)
    finally:
        logger.removeHandler(logged)
    return target


def _load(root: Path, target: Path | None, logged: _Logged) -> MkDocsConfig:
    """Load and validate root/mkdocs.yml in strict mode, with target as its site_dir if given."""
    options: dict[str, Any] = {"site_dir": str(target)} if target is not None else {}
    try:
        return load_config(config_file=str(root / "mkdocs.yml"), strict=True, **options)
    except (Abort, MkDocsException) as error:
        raise SiteBuildError(_message(logged, str(error), "mkdocs.yml is not valid; nothing was built")) from None


def _copy_site(root: Path, target: Path, staging: Path) -> bool:
    """Copy the current site and its build record into staging; False (nothing copied) when there is none."""
    if not target.is_dir():
        return False
    try:  # hard links: fast, and the build replaces a file rather than write into it (chipbrief.build)
        shutil.copytree(target, staging, symlinks=True, dirs_exist_ok=True, copy_function=os.link)
    except (OSError, shutil.Error):  # a filesystem without hard links: copies, with sizes and times kept
        for child in staging.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        shutil.copytree(target, staging, symlinks=True, dirs_exist_ok=True)
    copy_record(root, target, staging)
    return True


def _run(config: MkDocsConfig, target: Path, logged: _Logged, *, dirty: bool = False) -> None:
    """Run the MkDocs build; turn every way it can fail into a SiteBuildError that lists what was logged."""
    unchanged = f"the build failed; {target} was not touched"
    try:
        if dirty:
            quiet_dirty_warning()  # under the hook a dirty build is exact; strict mode would count the warning
        mkdocs_build(config, dirty=dirty)
    except Abort as error:
        # A BuildError's own message was logged just before; MkDocs's summary would only hide it.
        reason = "" if str(error) == "Aborted with a BuildError!" else str(error)
        raise SiteBuildError(_message(logged, reason, unchanged)) from None
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise SiteBuildError(_message(logged, f"{where}: template syntax error: {error.message}", unchanged)) from None
    except jinja2.TemplateError as error:
        where = _template_line(error)
        raise SiteBuildError(_message(logged, f"{where}template error: {error}", unchanged)) from None
    except OSError as error:
        raise SiteBuildError(_message(logged, f"could not write the site: {error}", unchanged)) from None
    except MkDocsException as error:
        raise SiteBuildError(_message(logged, str(error), unchanged)) from None
    except Exception as error:  # a plugin's or the hook's own failure: say what and where, not a traceback
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{frame.filename}:{frame.lineno}"
        raise SiteBuildError(_message(logged, f"{where}: {type(error).__name__}: {error}", unchanged)) from None


def _template_line(error: BaseException) -> str:
    """Where in a theme template an error was raised, as 'path:line: ', or '' if no template frame shows it."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(".py")]
    return f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""


def _message(logged: _Logged, reason: str, outcome: str) -> str:
    """Every logged warning and error, then the reason the build stopped, then what became of the site."""
    lines = [*logged.lines]
    if reason and reason not in lines:
        lines.append(reason)
    lines.append(outcome)
    return "\n".join(lines)


def _make_staging(target: Path) -> Path:
    """A new empty folder beside target, with the permissions a plain mkdir would give (mkdtemp gives 0700)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    if target.is_dir():
        mode = target.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o777 & ~umask
    staging.chmod(mode)
    return staging


def _swap(staging: Path, target: Path) -> Path | None:
    """Put staging where target is: rename the old site out of the way, the new one in; return the old one."""
    if not target.exists() and not target.is_symlink():
        staging.rename(target)
        return None
    old = staging.with_name(staging.name + ".old")
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    if old.is_symlink():
        old.unlink()
        return None
    return old


# ---------------------------------------------------------------------------
# The spare: the site before last, kept so that the next build starts from it instead of a copy
# ---------------------------------------------------------------------------
#
# Copying a site of 16,000 pages (hard links, one folder per page) and removing the old one took
# about half of a one-edit rebuild. So the site a build replaces is kept, with its build record,
# under .cache/spare/; the next build renames it into place as its staging folder and brings it up
# to date incrementally (it is one build behind: the pages of two edits are written). It is used
# only when it lies on the site's filesystem (a rename, never a copy) and has its record; else the
# build copies the current site as before. `--clean` drops it.


def spare_folder(root: Path, target: Path) -> Path:
    """Where the site before last of target is kept: root/.cache/spare/, named as its record is
    (`chipbrief.build.manifest.manifest_path`): by its path from root, so a copied project keeps it."""
    return root.resolve() / SPARE_FOLDER / manifest_path(root, target).stem


def _take_spare(root: Path, spare: Path, staging: Path) -> bool:
    """Make the spare (with its record) the staging folder; False, dropping it, when it cannot serve."""
    if not spare.is_dir() or not manifest_path(root, spare).is_file():
        _drop_spare(root, spare)
        return False
    try:
        staging.rmdir()  # empty: made a moment ago
        spare.rename(staging)
    except OSError:
        staging.mkdir(exist_ok=True)
        _drop_spare(root, spare)
        return False
    move_record(root, spare, staging)
    return True


def _keep_spare(root: Path, old: Path | None, target: Path, spare: Path) -> None:
    """Keep the replaced site (and the record it was built with) as the spare; remove it where that cannot be."""
    if old is None:
        return
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        if os.stat(spare.parent).st_dev != os.stat(old).st_dev or spare.exists():
            raise OSError("the spare's folder is on another filesystem, or taken")
        move_record(root, target, spare)  # the record of the old site, still under the site's name
        old.rename(spare)
    except OSError:
        forget_record(root, spare)
        shutil.rmtree(old, ignore_errors=True)


def _drop_spare(root: Path, spare: Path) -> None:
    forget_record(root, spare)
    if spare.is_dir():
        shutil.rmtree(spare, ignore_errors=True)


class _Logged(logging.Handler):
    """Keeps every warning and error MkDocs logs, in order, once each (errors as they are, warnings marked)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not hide the build's real problem
            message = str(record.msg)
        if record.levelno < logging.ERROR:
            message = f"warning: {message}"
        if message not in self.lines:
            self.lines.append(message)


class _StopSignals:
    """Makes SIGTERM and SIGINT raise BuildInterrupted while a build runs, so finally-blocks clean up.

    While `hold` is set (during the swap and the cleanup), and after the first interruption was
    raised, a signal is only recorded in `pending`. The previous handlers are restored on exit.
    Off the main thread, where Python cannot install handlers, it does nothing.
    """

    def __init__(self) -> None:
        self.hold = False
        self.pending: int | None = None
        self._raised = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                previous = signal.getsignal(signum)
                if previous is signal.SIG_IGN:  # e.g. started under nohup: keep ignoring it
                    continue
                self._previous[signum] = previous
                signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, signal.SIG_DFL if previous is None else previous)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.hold or self._raised:
            self.pending = signum
            return
        self._raised = True
        raise BuildInterrupted(signum)
