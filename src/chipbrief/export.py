"""Writing the rendered pages to disk, for engines that run no MkDocs hooks (e.g. Zensical).

The export is written to a temporary folder beside the target and moved into place only when
complete: a failure leaves the target as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from chipbrief.pipeline import generate


def export_site(root: Path, target: Path, site_url: str) -> int:
    """Check content, generate every file and write docs/ plus them into target; return the file count."""
    pages = generate(root, site_url).files
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        shutil.copytree(root / "docs", staging, dirs_exist_ok=True)
        for uri, markdown in pages.items():
            path = staging / uri
            if path.exists():
                raise FileExistsError(f"docs/{uri} clashes with a generated page of the same path")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return len(pages)
