"""Benchmark: synthetic content at 1x and 5x, reported as ratios measured in one run.

Measures, for each scale: `chipbrief check` time, render time, the full strict `mkdocs build`
time, the generator's share of the build, and site bytes per page. Targets (from the issue):
check of the 1x content under 2 s; generator under 10% of the build; bytes per page flat as
content grows. This is a benchmark, not a test: it reports, it does not assert.

    python bench/run.py                  # 1x = 1,000 chips, 1,000 companies, 3,000 briefs; and 5x
    python bench/run.py --base 0.1       # a tenth of that, for a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from chipbrief.render import Templates, render_pages  # noqa: E402
from chipbrief.validate import check  # noqa: E402

SOURCE = """\
id: {id}
publisher: Synthetic Daily
title: Synthetic report {n}
url: https://example.org/{id}
language: en
published: 2025-{month:02d}-{day:02d}
accessed: 2026-11-28
"""

COMPANY = """\
id: {id}
name: Company {n}
name_zh: 公司{n}
aliases: [C{n}]
kind: designer
summary: A synthetic company for the benchmark.
sources: [{source}]
headquarters:
  - {{value: City {n}, source: {source}, status: reported, as_of: 2025-08}}
"""

CHIP = """\
id: {id}
name: Chip {n}
name_zh: 芯片{n}
designer: {company}
status:
  - {{value: announced, source: {source}, status: reported, as_of: 2025-08}}
workload: inference
summary: A synthetic chip for the benchmark.
sources: [{source}]
process_node:
  - {{value: 7 nm, source: {source}, status: rumored, as_of: 2025-08}}
specs:
  memory_capacity:
    - {{value: 96 GB, source: {source}, status: reported, as_of: 2025-08}}
  bf16:
    - {{value: {flops} TFLOP/s, sparse: false, source: {source}, status: reported, as_of: 2025-08}}
"""

BRIEF = """\
---
title: Synthetic brief {n}
date: 2025-{month:02d}-{day:02d}
source: {source}
original_language: en
mentions:
  companies: [{company}]
  chips: [{chip}]
claims:
  - {{text: A synthetic claim., status: reported, source: {source}}}
---

{body}
"""


#: The issue's 1x: 1,000 chips, 1,000 companies and 3,000 briefs (each brief with its own source).
ONE_X = {"chips": 1000, "companies": 1000, "briefs": 3000}


def content_size(multiple: float) -> dict[str, int]:
    """How many chips, companies and briefs a benchmark at `multiple` times the issue's 1x writes."""
    return {kind: max(1, round(count * multiple)) for kind, count in ONE_X.items()}


def make_project(target: Path, chips: int, companies: int, briefs: int) -> None:
    """Write a buildable project with synthetic content of the given size."""
    for folder in ("templates", "docs", "overrides"):
        shutil.copytree(ROOT / folder, target / folder)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(config.replace("src/chipbrief/hook.py", str(ROOT / "src/chipbrief/hook.py")))
    content = target / "content"
    for kind in ("sources", "companies", "chips", "events", "briefs/2025"):
        (content / kind).mkdir(parents=True)
    body = " ".join(["Synthetic words about an accelerator and its memory bandwidth."] * 25)
    for n in range(briefs):
        month, day = n % 12 + 1, n % 28 + 1
        source = f"source-{n}"
        (content / "sources" / f"{source}.yaml").write_text(SOURCE.format(id=source, n=n, month=month, day=day))
        brief = BRIEF.format(
            n=n,
            month=month,
            day=day,
            source=source,
            company=f"company-{n % companies}",
            chip=f"chip-{n % chips}",
            body=body,
        )
        (content / "briefs" / "2025" / f"brief-{n}.md").write_text(brief)
    for n in range(companies):
        (content / "companies" / f"company-{n}.yaml").write_text(
            COMPANY.format(id=f"company-{n}", n=n, source=f"source-{n % briefs}")
        )
    for n in range(chips):
        chip = CHIP.format(
            id=f"chip-{n}", n=n, company=f"company-{n % companies}", source=f"source-{n % briefs}", flops=100 + n
        )
        (content / "chips" / f"chip-{n}.yaml").write_text(chip)


def measure(project: Path) -> dict[str, float]:
    start = time.perf_counter()
    catalog = check(project)
    checked = time.perf_counter()
    pages = render_pages(catalog, Templates.from_folder(project / "templates"))
    rendered = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build_start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=project, check=True, env=env)
    build = time.perf_counter() - build_start
    site = project / "site"
    html_pages = sum(1 for _ in site.rglob("*.html"))
    site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "pages": len(pages),
        "check_s": checked - start,
        "render_s": rendered - checked,
        "build_s": build,
        "generator_share": (rendered - start) / build,
        "site_bytes": site_bytes,
        "bytes_per_page": site_bytes / html_pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=float, default=1.0, help="fraction of the issue's 1x size (default 1.0)")
    parser.add_argument("--scales", default="1,5", help="comma-separated multiples of the base (default 1,5)")
    args = parser.parse_args()
    results = {}
    for scale in [int(s) for s in args.scales.split(",")]:
        size = content_size(args.base * scale)
        with tempfile.TemporaryDirectory(prefix=f"chipbrief-bench-{scale}x-") as folder:
            project = Path(folder)
            make_project(project, **size)
            results[f"{scale}x"] = {**size, **measure(project)}
        print(f"{scale}x: " + json.dumps(results[f"{scale}x"], sort_keys=True), flush=True)
    scales = list(results)
    if len(scales) >= 2:
        first, last = results[scales[0]], results[scales[-1]]
        print(
            json.dumps(
                {
                    f"build_time_ratio_{scales[-1]}_over_{scales[0]}": last["build_s"] / first["build_s"],
                    f"bytes_per_page_ratio_{scales[-1]}_over_{scales[0]}": last["bytes_per_page"]
                    / first["bytes_per_page"],
                    f"check_time_ratio_{scales[-1]}_over_{scales[0]}": last["check_s"] / first["check_s"],
                },
                sort_keys=True,
            )
        )


if __name__ == "__main__":
    main()
