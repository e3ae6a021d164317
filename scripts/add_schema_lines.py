"""Give every content YAML file its editor schema line, as its first line.

The line, e.g. `# yaml-language-server: $schema=../../schemas/chip.schema.json`, lets editors
with yaml-language-server check and complete the file. A first line that already names a
schema is replaced; any other first line is kept and the schema line is put above it. No
other line changes, and running the script twice changes nothing the second time.

    python scripts/add_schema_lines.py            # add or update the lines under ./content
    python scripts/add_schema_lines.py --check    # only list files without the right line; exit 1 if any
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chipbrief.schemas import FOLDER_KINDS, SCHEMA_LINE_PREFIX, schema_line


def with_schema_line(text: str, kind: str) -> str:
    """Return text with the schema line for kind as its first line, keeping the file's line ending."""
    line = schema_line(kind)
    first, newline, rest = text.partition("\n")
    ending = "\r\n" if first.endswith("\r") else "\n"
    if first.rstrip("\r").startswith(SCHEMA_LINE_PREFIX):
        return f"{line}{ending}{rest}" if newline else f"{line}{ending}"
    return f"{line}{ending}{text}"


def content_files(root: Path) -> list[tuple[Path, str]]:
    """Every YAML file in the content folders that have a schema, with its schema kind."""
    found = []
    for folder, kind in sorted(FOLDER_KINDS.items()):
        found.extend((path, kind) for path in sorted((root / "content" / folder).glob("*.yaml")))
    return found


def main(argv: list[str] | None = None) -> int:
    """Add or update the schema lines (or, with --check, list files that lack them)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder that holds content/")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file lacks its line")
    args = parser.parse_args(argv)
    if not (args.root / "content").is_dir():
        print(f"{args.root / 'content'}: expected the content/ folder; run from the project folder or pass --root")
        return 1
    stale = []
    for path, kind in content_files(args.root):
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        wanted = with_schema_line(text, kind)
        if wanted == text:
            continue
        stale.append(path)
        if args.check:
            print(f"{path}:1: expected the first line {schema_line(kind)!r}")
        else:
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(wanted)
    verb = "lack their schema line" if args.check else "updated"
    print(f"{len(stale)} files {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
