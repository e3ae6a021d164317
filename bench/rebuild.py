"""Benchmark: rebuild times, on the same synthetic content as bench/run.py, at 1x and 5x.

For each scale, each step a separate `chipbrief build` process, timed, with its peak memory:
  cold         the first build (no site, no build record)
  no change    a rebuild with nothing edited
  one edit     a rebuild after a one-line edit of one brief's body (with and without the search index)
  clean        `chipbrief build --clean` (with and without the search index)
  bare         plain `mkdocs build --strict` without the hook, on the Markdown `chipbrief export` wrote
Then the hook's overhead: a clean build without search against the bare build of the same pages, with
and without the generator's own time (`chipbrief export`, which every engine needs to get the pages).
Targets (issue 15): one edit at least 10x faster than clean at 1x; the hook under 15% of the build.
A benchmark, not a test: it reports, it does not assert. `--base 0.1` for a quick look.

    python bench/rebuild.py                # 1x and 5x (5x takes most of an hour on two cores)
    python bench/rebuild.py --scales 1     # 1x only
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from run import content_size, make_project  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src")}
CHIPBRIEF = [sys.executable, "-m", "chipbrief"]


def timed(command: list[str], cwd: Path) -> dict[str, float]:
    """Run command; its wall time in seconds and its peak resident memory in MiB (from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{output.decode(errors='replace')[-4000:]}")
    return {"s": round(seconds, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1)}


def edit_one_brief(project: Path) -> None:
    """A one-line edit of one brief's body."""
    path = project / "content" / "briefs" / "2025" / "brief-0.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence, edited.\n", encoding="utf-8")


def bare_project(project: Path, exported: Path) -> Path:
    """A MkDocs project over the exported Markdown: the same mkdocs.yml without the hook."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(?:hooks|watch):\n(?:  - .*\n)+", "", config, flags=re.M)
    config = config.replace("docs_dir: docs", f"docs_dir: {exported}")
    bare = project / "bare"
    bare.mkdir()
    (bare / "mkdocs.yml").write_text(config.replace("custom_dir: overrides", f"custom_dir: {project / 'overrides'}"))
    return bare


def measure(project: Path) -> dict[str, dict[str, float]]:
    build = [*CHIPBRIEF, "build", "--root", str(project)]
    steps: dict[str, dict[str, float]] = {}

    def step(name: str, command: list[str], cwd: Path = project) -> None:
        steps[name] = timed(command, cwd)
        print(f"  {name}: {json.dumps(steps[name])}", flush=True)

    step("cold", build)
    step("no_change", build)
    edit_one_brief(project)
    step("one_edit", build)
    edit_one_brief(project)
    step("one_edit_no_search", [*build, "--no-search"])
    step("clean", [*build, "--clean"])
    step("clean_no_search", [*build, "--clean", "--no-search"])
    exported = project / "exported"
    step("export", [*CHIPBRIEF, "export", "--root", str(project), str(exported)])  # the generator alone
    bare = bare_project(project, exported)
    step("bare_mkdocs", [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], bare)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=float, default=1.0, help="fraction of the issue's 1x size (default 1.0)")
    parser.add_argument("--scales", default="1,5", help="comma-separated multiples of the base (default 1,5)")
    args = parser.parse_args()
    for scale in [int(s) for s in args.scales.split(",")]:
        size = content_size(args.base * scale)
        with tempfile.TemporaryDirectory(prefix=f"chipbrief-rebuild-{scale}x-") as folder:
            project = Path(folder)
            make_project(project, **size)
            steps = measure(project)
            pages = sum(1 for _ in (project / "site").rglob("*.html"))
        clean = steps["clean"]["s"]
        summary = {
            "pages": pages,
            **size,
            "steps": steps,
            "clean_over_one_edit": round(clean / steps["one_edit"]["s"], 1),
            "clean_no_search_over_one_edit_no_search": round(
                steps["clean_no_search"]["s"] / steps["one_edit_no_search"]["s"], 1
            ),
            "hook_overhead_share": round(1 - steps["bare_mkdocs"]["s"] / steps["clean_no_search"]["s"], 3),
            # what the hook adds besides generating the pages, which any engine needs (chipbrief export)
            "hook_overhead_share_beside_the_generator": round(
                (steps["clean_no_search"]["s"] - steps["bare_mkdocs"]["s"] - steps["export"]["s"])
                / steps["clean_no_search"]["s"],
                3,
            ),
        }
        print(f"{scale}x: " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
