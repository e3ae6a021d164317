"""Search benchmark: what a reader's browser fetches, and what building the index costs.

For the real site and for synthetic sites at 1x and 5x (bench/run.py's content, with every brief
body drawn from a trilingual vocabulary of about 40,000 words, so the index is as varied as real
text), it measures:

- bytes fetched by a page load before any search, and whether any of it is index (it must not be);
- bytes fetched by a first query (cold cache: a fresh browser context per query), typed into the
  real search box in headless Chromium, for a set of queries: names, model numbers, common and rare
  words in English, French and Chinese; median and largest;
- the index build: Pagefind's time and peak memory (its process's maximum RSS), run on its own over
  the built site, and the index's files and bytes.

Bytes are counted by the loopback HTTP server as it writes them (headers and bodies, no compression:
Pagefind's index files are already gzip-compressed; a host that compresses JavaScript sends less).
Targets (issue 11): a page load fetches no index; a first query under 250 KB at the real site and
under 1 MB at 40,000 pages. This reports; it does not assert (tests/test_search_browser.py does, for
the real site).

    python bench/search.py                     # the real site, then 1x and 5x
    python bench/search.py --scales 1          # the real site and 1x only
    python bench/search.py --base 0.1          # a tenth of the synthetic sizes, for a quick look
    python bench/search.py --site site/        # an already built site only
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import run as content_bench  # noqa: E402  (bench/run.py: the synthetic content)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
#: The page a reader lands on before searching (a chip page on the real site).
REAL_PAGE = "/chips/nvidia-h20/"
REAL_QUERIES = ["H20", "中芯国际", "hanwuji", "inference", "d’inférence", "出口管制", "Bloomberg", "export controls"]
INDEX_PATHS = ("/pagefind/", "/search/aliases/")


# ---------------------------------------------------------------------------
# Synthetic text: a trilingual vocabulary from the real content, stretched to ~40,000 words
# ---------------------------------------------------------------------------


def vocabulary(size: int = 40_000, seed: int = 11) -> dict[str, list[str]]:
    """English, French and Chinese words: the real content's own, then made-up ones of the same make."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*")) if p.is_file())
    latin = sorted({w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)})
    french = sorted(w for w in latin if re.search(r"[À-ÿ]", w)) or ["inférence", "système", "génération"]
    english = [w for w in latin if w not in set(french)]
    han = sorted(set(re.findall(r"[\u4e00-\u9fff]", text)))
    rng = random.Random(seed)
    syllables = [a + b for a in "bcdfghklmnprstvz" for b in ("a", "e", "i", "o", "u", "ai", "ou", "ea")]
    while len(english) < size * 0.6:
        english.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    while len(french) < size * 0.2:
        french.append(rng.choice(english) + rng.choice(["é", "ée", "ères", "ité", "ième", "çon"]))
    chinese: set[str] = set()
    while len(chinese) < size * 0.2:
        chinese.add("".join(rng.choice(han) for _ in range(rng.randint(2, 3))))
    return {"en": english, "fr": french, "zh": sorted(chinese)}


def zipf_picker(words: list[str], rng: random.Random):
    """A function drawing words with Zipf-like frequencies (the first words most often)."""
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
    shuffled = words[:]
    rng.shuffle(shuffled)

    def pick(count: int) -> list[str]:
        return rng.choices(shuffled, weights=weights, k=count)

    return pick


def body(picks: dict, rng: random.Random, words: int = 220) -> str:
    """A brief body of about `words` words: mostly English sentences, some French, some Chinese."""
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        language = rng.choices(["en", "fr", "zh"], weights=[7, 2, 1.5])[0]
        chosen = picks[language](rng.randint(6, 14))
        if language == "zh":
            sentences.append("".join(chosen) + "。")
        else:
            sentences.append(" ".join(chosen).capitalize() + ".")
    return " ".join(sentences)


def make_site_project(target: Path, scale: float) -> dict[str, int]:
    """bench/run.py's synthetic project at a scale, with varied brief bodies; returns its sizes."""
    size = content_bench.content_size(scale)
    content_bench.make_project(target, **size)
    rng = random.Random(5)
    picks = {language: zipf_picker(words, rng) for language, words in vocabulary().items()}
    for path in sorted((target / "content" / "briefs").rglob("*.md")):
        front, _ = path.read_text(encoding="utf-8").rsplit("---\n", 1)
        path.write_text(front + "---\n\n" + body(picks, rng) + "\n", encoding="utf-8")
    return size


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


class _CountingWriter:
    """Wraps a handler's output stream and counts the bytes written to it."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files and records (path, bytes sent) of every request in server.sent."""

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def handle_one_request(self) -> None:
        self.wfile.count = 0
        super().handle_one_request()
        if getattr(self, "path", None):
            self.server.sent.append((self.path.split("?")[0], self.wfile.count))

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """The site on a loopback HTTP server: (its URL, the list of (path, bytes) it sends)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site)))
    server.sent = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.sent
    finally:
        server.shutdown()


def measure_fetches(site: Path, page_path: str, queries: list[str]) -> dict:
    """Bytes of a page load, then of a first query, each query in a fresh (cold) browser context."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as (url, sent), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            sent.clear()
            page.goto(url + page_path)
            page.wait_for_load_state("networkidle")
            loaded = list(sent)
            sent.clear()
            box = page.locator("#cb-search input[name=q]")
            box.click()
            box.fill(query)
            start = time.perf_counter()
            answered = "q => document.getElementById('cb-search').getAttribute('data-cb-query') === q"
            page.wait_for_function(answered, arg=query, timeout=60000)
            shown = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            results = page.locator("#cb-search-list a").count()
            rows.append(
                {
                    "query": query,
                    "load_bytes": sum(n for _, n in loaded),
                    "load_index_requests": [p for p, _ in loaded if p.startswith(INDEX_PATHS)],
                    "query_bytes": sum(n for _, n in sent),
                    "query_requests": len(sent),
                    "results_shown": results,
                    "seconds_to_results": round(shown, 3),
                }
            )
            context.close()
        browser.close()
    query_bytes = [row["query_bytes"] for row in rows]
    return {
        "page": page_path,
        "page_load_bytes": max(row["load_bytes"] for row in rows),
        "page_load_index_requests": sorted({p for row in rows for p in row["load_index_requests"]}),
        "first_query_bytes_median": statistics.median(query_bytes),
        "first_query_bytes_max": max(query_bytes),
        "queries": rows,
    }


def measure_index(site: Path) -> dict:
    """Pagefind run on its own over a built site: its time, peak memory and output."""
    code = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from chipbrief.search.pagefind import build_index, find_binary\n"
        "stats = build_index(Path(sys.argv[1]), find_binary(Path(sys.argv[2])))\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'pages': stats.pages, 'seconds': stats.seconds, 'peak_rss_kib': peak}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code, str(site), str(ROOT)], capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(done.stderr)
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    files = [p for folder in ("pagefind", "search/aliases") for p in (site / folder).rglob("*") if p.is_file()]
    return {
        "index_pages": stats["pages"],
        "index_seconds": round(stats["seconds"], 1),
        "index_peak_rss_mib": round(stats["peak_rss_kib"] / 1024),
        "index_files": len(files),
        "index_bytes": sum(p.stat().st_size for p in files),
        "alias_shards": len(list((site / "search" / "aliases").glob("*.json"))),
    }


def build(project: Path, site: Path) -> float:
    """The strict MkDocs build of a project into site (the hook builds the index at its end); its seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=project,
        check=True,
        env=env,
    )
    return time.perf_counter() - start


def synthetic_queries(size: dict[str, int]) -> list[str]:
    """Queries for a synthetic site: names, model numbers and words of each language, common and rare."""
    words = vocabulary()
    rng = random.Random(3)
    return [
        f"Chip {size['chips'] // 2}",
        f"芯片{size['chips'] // 3}",
        f"Company {size['companies'] - 1}",
        "memory bandwidth",
        words["en"][len(words["en"]) // 2],
        rng.choice(words["en"][-2000:]),
        rng.choice(words["fr"]),
        rng.choice(words["zh"]),
    ]


def report(name: str, values: dict) -> None:
    print(f"{name}: " + json.dumps(values, ensure_ascii=False, sort_keys=True), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=float, default=1.0, help="fraction of the 1x synthetic size (default 1.0)")
    parser.add_argument("--scales", default="1,5", help="comma-separated synthetic scales; empty for none")
    parser.add_argument("--site", type=Path, help="measure this built site only")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    args = parser.parse_args()
    if args.site:
        report(str(args.site), measure_fetches(args.site, REAL_PAGE, REAL_QUERIES) | measure_index(args.site))
        return
    with tempfile.TemporaryDirectory(prefix="chipbrief-search-bench-") as folder:
        if not args.no_real:
            site = Path(folder) / "real"
            seconds = build(ROOT, site)
            pages = sum(1 for _ in site.rglob("*.html"))
            summary = {"html_pages": pages, "build_seconds": round(seconds, 1)}
            summary |= measure_index(site) | measure_fetches(site, REAL_PAGE, REAL_QUERIES)
            report("real", summary)
        for scale in [int(s) for s in args.scales.split(",") if s]:
            project = Path(folder) / f"{scale}x"
            size = make_site_project(project, args.base * scale)
            site = project / "site"
            seconds = build(project, site)
            pages = sum(1 for _ in site.rglob("*.html"))
            summary = {**size, "html_pages": pages, "build_seconds": round(seconds, 1)}
            summary |= measure_index(site) | measure_fetches(site, "/chips/chip-1/", synthetic_queries(size))
            report(f"{scale}x", summary)
            subprocess.run(["rm", "-rf", str(project)], check=False)


if __name__ == "__main__":
    main()
