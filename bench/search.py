"""
Search benchmark: search p50/p95 at 500 and at 5,000 causes, on SQLite and on PostgreSQL.

Each database is a throwaway one (see bench/throwaway.py). For each size it times a
fixed set of queries two ways: the search function itself (causes.search.search_causes,
evaluated to a list of the first page) and the whole uncached /causes/?q= page through
Django's test client, overall and by kind of query (see QUERIES), in wall-clock time and in
this process's CPU time (on a shared machine, the second varies less; on SQLite it is all
of the work, on PostgreSQL it leaves out the database server's). On PostgreSQL it also
prints the plans of three searches at 5,000 causes. BENCH_ROUNDS sets the rounds (15);
BENCH_WORST=1 also times WORST_CANDIDATES at 5,000 causes, to find the costliest query.

    .venv/bin/python -m bench.search                  # both databases
    .venv/bin/python -m bench.search --database sqlite
"""

import argparse
import json
import os
import subprocess
import sys
import time

from bench.throwaway import (
    DATABASES,
    PYTHON,
    REPO,
    make_causes,
    manage,
    percentile,
    production_environment,
    reset_database,
)

# The queries, by kind. "no match" and "misspelt" pages look for the names a reader may have
# meant; "long" ones are at or past the caps (length, words); "hostile" is the costliest query
# found by trying: many broad words that each match most causes in every field, and long
# made-up words that share a few letters with many names.
QUERIES = {
    "word": ("stroke", "nerve", "diabetes"),
    "phrase": ("peroneal neuropathy", "back pain", "spinal cord compression", "emergency surgery"),
    "lay": ("foot suddenly dropped", "why cant i lift my foot", "numb when wiping", "legs giving way"),
    "no match": ("xylophone", "qwertyuiop zxcvbnm"),
    "misspelt": ("parkinsns", "multiple sclerosus", "perineal nerve damage", "muscular distrophy"),
    "long": (
        "tingling going up both my legs after the flu with back pain numb feet weak ankles since my knee "
        "operation and my father had high arches",
        "i woke up this morning and could not lift my left foot and my face feels droopy and my speech is "
        "slurred and my arm is weak what should i do now please help me " * 2,
    ),
    "hostile": (
        "nerve muscle weakness pain spinal brain injury disease syndrome treatment surgery diagnosis",
        "neuropaty radiculopaty plexopaty sclerosys dystrophie myelopaty compresion syndrom",
    ),
}
MEASURED = tuple(query for queries in QUERIES.values() for query in queries)
# Candidates for the costliest query, timed at the largest size only (see worst_queries):
# broad words and everyday words that fan out into several of the articles' words, misspelt
# words beside them, and made-up words built from letters every benchmark name shares.
WORST_CANDIDATES = (
    *QUERIES["hostile"],
    "neuropaty radiculopaty plexopaty sclerosys nerve muscle pain disease",
    "incontinence pins and needles paralysed tumours family genetic swollen injection broken fits",
    "caseseries seriescase casseries seriiescase",
    "abcdefghijklmnopqrstuvwx bcdefghijklmnopqrstuvwxy cdefghijklmnopqrstuvwxyz defghijklmnopqrstuvwxyza",
    " ".join(["nerve"] * 40),
    "series " * 30,
)
KIND = {query: kind for kind, queries in QUERIES.items() for query in queries}
SIZES = (500, 5000)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))  # timed runs of every query, after one untimed warm-up run
PAGE_SIZE = 50  # the cause list's page


def measure(database: str) -> dict:
    """Runs inside a child process whose DATABASE_URL points at the throwaway database."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings

    from causes.cache import local_pages
    from causes.models import Cause
    from causes.search import search_causes

    def first_page(query):
        causes = Cause.objects.published().only("name", "slug", "summary", "level", "urgency")
        return list(search_causes(causes, query)[:PAGE_SIZE])

    client = Client(SERVER_NAME="127.0.0.1")
    uncached = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    results = {"database": database, "sizes": {}}
    made = 0
    for size in SIZES:
        make_causes(size - made, start=made)
        made = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE causes_cause")
        function_ms, page_ms, per_query, per_kind, cpu_per_kind = [], [], {}, {}, {}
        with override_settings(CACHES=uncached):
            for round_number in range(ROUNDS + 1):
                for query in MEASURED:
                    started = time.perf_counter()
                    first_page(query)
                    # Each process keeps its rendered pages (causes.cache): forget them, so that
                    # every request renders the page again.
                    local_pages.clear()
                    middle, cpu_started = time.perf_counter(), time.process_time()
                    response = client.get("/causes/", {"q": query})
                    ended, cpu_ended = time.perf_counter(), time.process_time()
                    assert response.status_code == 200
                    if round_number:
                        function_ms.append((middle - started) * 1000)
                        page_ms.append((ended - middle) * 1000)
                        per_query.setdefault(query, []).append((ended - middle) * 1000)
                        per_kind.setdefault(KIND[query], []).append((ended - middle) * 1000)
                        cpu_per_kind.setdefault(KIND[query], []).append((cpu_ended - cpu_started) * 1000)
        results["sizes"][size] = {
            "function_p50": percentile(function_ms, 0.5),
            "function_p95": percentile(function_ms, 0.95),
            "page_p50": percentile(page_ms, 0.5),
            "page_p95": percentile(page_ms, 0.95),
            "slowest_query": max(MEASURED, key=lambda query: percentile(per_query[query], 0.5))[:40],
            "slowest_page": max(page_ms),
            "kinds": {
                kind: [percentile(samples, 0.5), percentile(samples, 0.95)] for kind, samples in per_kind.items()
            },
            # The page's CPU time in this process: all of the work on SQLite, none of PostgreSQL's.
            "cpu_kinds": {
                kind: [percentile(samples, 0.5), percentile(samples, 0.95)] for kind, samples in cpu_per_kind.items()
            },
            "matches": {query[:40]: search_causes(Cause.objects.published(), query).count() for query in MEASURED},
        }
    if os.environ.get("BENCH_WORST"):
        with override_settings(CACHES=uncached):
            results["worst"] = worst_queries(client, local_pages.clear)
    if connection.vendor == "postgresql":
        causes = Cause.objects.published().only("name", "slug", "summary", "level", "urgency")
        results["plan"] = search_causes(causes, "peroneal neuropathy")[:PAGE_SIZE].explain(analyze=True)
        results["plan_nerve"] = search_causes(causes, "nerve")[:PAGE_SIZE].explain(analyze=True)
        results["plan_rare"] = search_causes(causes, "charcot tooth")[:PAGE_SIZE].explain(analyze=True)
    return results


def worst_queries(client, forget_pages) -> list:
    """Each candidate's uncached page, 5 rounds after a warm-up: [query, median, slowest] ms, slowest first."""
    timed = []
    for query in WORST_CANDIDATES:
        samples = []
        for _round in range(6):
            forget_pages()
            started = time.perf_counter()
            assert client.get("/causes/", {"q": query}).status_code == 200
            samples.append((time.perf_counter() - started) * 1000)
        timed.append([query[:60], percentile(samples[1:], 0.5), max(samples[1:])])
    return sorted(timed, key=lambda row: -row[1])


def run(database: str) -> dict:
    reset_database(database)
    environment = production_environment(database, redis=False)
    manage(environment, "migrate", "--noinput")
    manage(environment, "collectstatic", "--noinput")
    child = subprocess.run(  # noqa: S603 - a fixed command line: this interpreter and this script
        [PYTHON, "-m", "bench.search", "--measure", database],
        cwd=REPO,
        env=environment,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def report(results: list[dict]) -> None:
    print(f"\nSearch: {len(MEASURED)} queries x {ROUNDS} rounds per size; first page of {PAGE_SIZE}; times in ms")
    print("| database | causes | search_causes p50 | p95 | /causes/?q= page p50 | p95 | slowest page | slowest query |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for result in results:
        for size, figures in result["sizes"].items():
            print(
                f"| {result['database']} | {int(size):,} | {figures['function_p50']:.1f} | "
                f"{figures['function_p95']:.1f} | {figures['page_p50']:.1f} | {figures['page_p95']:.1f} | "
                f"{figures['slowest_page']:.1f} | {figures['slowest_query']} |"
            )
        small, large = (result["sizes"][str(size)] for size in SIZES)
        print(
            f"| {result['database']} | growth 500→5,000 | | x{large['function_p95'] / small['function_p95']:.2f} | "
            f"| x{large['page_p95'] / small['page_p95']:.2f} | | |"
        )
    print("\nUncached page by kind of query, p50 / p95 in ms (growth of p95 from 500 to 5,000)")
    print("| database | " + " | ".join(QUERIES) + " |")
    print("| --- |" + " ---: |" * len(QUERIES))
    for result in results:
        small, large = (result["sizes"][str(size)]["kinds"] for size in SIZES)
        for size in SIZES:
            kinds = result["sizes"][str(size)]["kinds"]
            cells = " | ".join(f"{kinds[kind][0]:.1f} / {kinds[kind][1]:.1f}" for kind in QUERIES)
            print(f"| {result['database']} {size:,} | {cells} |")
        growth = " | ".join(f"x{large[kind][1] / small[kind][1]:.2f}" for kind in QUERIES)
        print(f"| {result['database']} growth | {growth} |")
    print("\nThe same pages' CPU time in the measuring process, p50 / p95 in ms")
    for result in results:
        for size in SIZES:
            kinds = result["sizes"][str(size)].get("cpu_kinds", {})
            cells = " | ".join(f"{kinds[kind][0]:.1f} / {kinds[kind][1]:.1f}" for kind in QUERIES if kind in kinds)
            print(f"| {result['database']} {size:,} | {cells} |")
    for result in results:
        print(f"\nCostliest candidate queries at {SIZES[-1]:,} causes on {result['database']} (median, slowest; ms):")
        for query, median, slowest in result.get("worst", []):
            print(f"  {median:8.1f} {slowest:8.1f}  {query!r}")
    for result in results:
        if "plan" in result:
            print("\nPostgreSQL plan at 5,000 causes, q='peroneal neuropathy':\n" + result["plan"])
            print("\nPostgreSQL plan at 5,000 causes, q='nerve' (matches almost every cause):\n" + result["plan_nerve"])
            print("\nPostgreSQL plan at 5,000 causes, q='charcot tooth' (a selective query):\n" + result["plan_rare"])
    for result in results:
        print(
            f"\nMatches per query at 5,000 causes on {result['database']}:", result["sizes"][str(SIZES[-1])]["matches"]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=DATABASES, action="append")
    parser.add_argument("--measure", choices=DATABASES, help=argparse.SUPPRESS)
    parser.add_argument("--save", help="also write the figures to this JSON file")
    arguments = parser.parse_args()
    if arguments.measure:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "footdrop_site.settings")
        print(json.dumps(measure(arguments.measure)))
        return
    results = [run(database) for database in arguments.database or DATABASES]
    if arguments.save:
        with open(arguments.save, "w") as figures:
            json.dump(results, figures, indent=1)
    report(results)


if __name__ == "__main__":
    sys.exit(main())
