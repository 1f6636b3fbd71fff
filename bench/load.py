"""
Load benchmark: gunicorn with the repository's gunicorn.conf.py on a throwaway database,
driven from this machine (127.0.0.1 only) by threads over keep-alive HTTP connections.

Scenarios, each bounded in time and in requests:
  (a) a static CSS file about the size of a cause page, served by WhiteNoise
  (b) a warm cause page (anonymous, from the page cache)
  (c) the cause list (anonymous, warm)
  (d) search: ten fixed queries (warm), and the same queries made uncached by a cache-busting parameter
  (e) intake submissions by 10 concurrent signed-in staff: GET /intake/new/ for the tokens, then POST;
      paced (each member starts one a second: ten a second in all, far more than any clinic files)
      and back to back (no pause: the server's saturation)

(a) and (b) alternate in every round, so their ratio compares like with like on a noisy machine.

    .venv/bin/python -m bench.load                          # SQLite, then PostgreSQL + Redis
    .venv/bin/python -m bench.load --database sqlite --config 2x4 --config 4x1
"""

import argparse
import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from bench.search import QUERIES
from bench.throwaway import (
    DATABASES,
    PYTHON,
    REPO,
    flush_bench_redis,
    manage,
    percentile,
    production_environment,
    reset_database,
)

HOST = "127.0.0.1"
CAUSE_PAGE = "/causes/common-peroneal-neuropathy/"
STAFF = 10
STAFF_PASSWORD = "bench-" + uuid.uuid4().hex
MAX_REQUESTS = 20000  # per scenario, whatever the time limit
CLIENT_PROCESSES = 2  # one per core: a single Python client process would be the bottleneck
CLIENT_THREADS = 4  # per process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(connection, method, path, *, body=None, headers=None):
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response, response.read()


def hammer(port: int, paths: list[str], seconds: float, budget: int) -> tuple[list[float], int]:
    """One client process: threads on keep-alive connections, GETting the paths in turn until time or budget is up."""
    latencies, lock, deadline = [], threading.Lock(), time.perf_counter() + seconds
    errors = [0]

    def worker(offset):
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        number = offset
        while time.perf_counter() < deadline and len(latencies) < budget:
            path = paths[number % len(paths)].replace("{n}", str(number))
            number += CLIENT_THREADS
            started = time.perf_counter()
            try:
                response, _body = fetch(connection, "GET", path)
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                ok = False
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(offset,)) for offset in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def run_scenario(port: int, paths: list[str], seconds: float) -> dict:
    budget = MAX_REQUESTS // CLIENT_PROCESSES
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(CLIENT_PROCESSES) as pool:
        parts = pool.starmap(hammer, [(port, paths, seconds, budget)] * CLIENT_PROCESSES)
    elapsed = time.perf_counter() - started
    latencies = [latency for part, _errors in parts for latency in part]
    return summarise(latencies, elapsed, sum(errors for _part, errors in parts))


def summarise(latencies: list[float], elapsed: float, errors: int) -> dict:
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
    }


class StaffMember:
    """A signed-in member of staff with their own cookies, on one keep-alive connection."""

    def __init__(self, port: int, username: str):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        page = self.get("/accounts/login/")
        self.post("/accounts/login/", {"username": username, "password": STAFF_PASSWORD, **self.csrf(page)})
        assert "sessionid" in self.cookies, f"{username} could not sign in"

    def request(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            response, content = fetch(self.connection, method, path, body=body, headers=headers)
        except (http.client.RemoteDisconnected, ConnectionResetError):
            # The worker was recycled (max_requests) or the keep-alive timed out: reconnect once.
            # Safe for the intake POST too: its submission token files it at most once.
            self.connection.close()
            response, content = fetch(self.connection, method, path, body=body, headers=headers)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value
        return response, content.decode()

    def get(self, path):
        response, page = self.request("GET", path)
        assert response.status == 200, (path, response.status)
        return page

    def post(self, path, fields):
        response, _page = self.request("POST", path, fields)
        assert response.status in (302, 303), (path, response.status)

    @staticmethod
    def csrf(page: str) -> dict:
        return {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)}

    def submit_intake(self, number: int) -> tuple[float, float]:
        started = time.perf_counter()
        form = self.get("/intake/new/")
        loaded = time.perf_counter()
        token = re.search(r'name="submission_token" value="([^"]+)"', form).group(1)
        onset = ("gradual", "days", "sudden")[number % 3]
        fields = {
            "patient_name": f"Bench Patient {number}",
            "date_of_birth_day": "27",
            "date_of_birth_month": "3",
            "date_of_birth_year": "1961",
            "side": "left",
            "onset": onset,
            "course": "stable",
            "dorsiflexion_mrc": "3",
            "submission_token": token,
            **self.csrf(form),
        }
        self.post("/intake/new/", fields)
        return (loaded - started) * 1000, (time.perf_counter() - loaded) * 1000


def run_intakes(port: int, seconds: float, per_member: int, interval: float) -> dict:
    """Each member starts an intake every `interval` seconds (0: back to back, the server's saturation)."""
    members = [StaffMember(port, f"bench-staff-{number}") for number in range(STAFF)]
    form_ms, submit_ms, lock = [], [], threading.Lock()
    begin = time.perf_counter()
    deadline = begin + seconds

    def work(index, member):
        for round_number in range(per_member):
            # Staggered starts, so that ten members do not all press "save" in the same millisecond.
            time.sleep(max(0.0, begin + (round_number + index / STAFF) * interval - time.perf_counter()))
            if time.perf_counter() > deadline:
                break
            form, submit = member.submit_intake(index * per_member + round_number)
            with lock:
                form_ms.append(form)
                submit_ms.append(submit)

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "submit": summarise(submit_ms, elapsed, 0),
        "form": summarise(form_ms, elapsed, 0),
        "intakes_per_second": len(submit_ms) / elapsed,
    }


def prepare(database: str) -> dict[str, str]:
    reset_database(database)
    environment = production_environment(database, redis=database == "postgresql")
    if database == "postgresql":
        flush_bench_redis()
    manage(environment, "migrate", "--noinput")
    manage(environment, "seed_encyclopedia")
    manage(environment, "collectstatic", "--noinput")
    make_staff = (
        "from django.contrib.auth.models import Group, User\n"
        "group = Group.objects.get(name='Intake staff')\n"
        f"for number in range({STAFF}):\n"
        f"    User.objects.create_user(f'bench-staff-{{number}}', password='{STAFF_PASSWORD}').groups.add(group)\n"
    )
    manage(environment, "shell", "-c", make_staff)
    return environment


def start_gunicorn(environment: dict[str, str], workers: int, threads: int, log: Path):
    port = free_port()
    server_environment = {
        **environment,
        "HOST": HOST,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    server = subprocess.Popen(  # noqa: S603 - a fixed command line: this interpreter and our config
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "footdrop_site.wsgi"],
        cwd=REPO,
        env=server_environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    for _attempt in range(100):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            if fetch(connection, "GET", "/healthz")[0].status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def static_file_like(port: int) -> tuple[str, int, int]:
    """The collected CSS file (hashed name) closest in size to the cause page's HTML."""
    page_bytes = len(fetch(http.client.HTTPConnection(HOST, port), "GET", CAUSE_PAGE)[1])
    manifest = json.loads((REPO / "staticfiles" / "staticfiles.json").read_text())["paths"]
    sizes = {
        hashed: (REPO / "staticfiles" / hashed).stat().st_size
        for name, hashed in manifest.items()
        if name.endswith(".css")
    }
    hashed = min(sizes, key=lambda name: abs(sizes[name] - page_bytes))
    return "/static/" + hashed, sizes[hashed], page_bytes


def measure(
    database: str, environment, workers: int, threads: int, seconds: float, rounds: int, pages_only=False
) -> dict:
    log = Path(tempfile.gettempdir()) / f"footdrop-bench-gunicorn-{database}.log"
    server, port = start_gunicorn(environment, workers, threads, log)
    try:
        static_path, static_bytes, page_bytes = static_file_like(port)
        searches = [f"/causes/?q={urllib.parse.quote(query)}" for query in QUERIES]
        scenarios = {
            "(a) static CSS": [static_path],
            "(b) warm cause page": [CAUSE_PAGE],
            "(c) cause list": ["/causes/"],  # (c) and (d) are left out with --pages-only
            "(d) search, warm": searches,
            "(d) search, uncached": [f"{path}&fresh={{n}}" for path in searches],
        }
        if pages_only:
            scenarios = {name: paths for name, paths in scenarios.items() if name[:3] in {"(a)", "(b)"}}
        for paths in scenarios.values():  # warm the page cache and every worker's imports
            run_scenario(port, paths, 0.5)
        results = {name: [] for name in scenarios}
        for _round in range(rounds):
            for name, paths in scenarios.items():
                results[name].append(run_scenario(port, paths, seconds))
        intakes = {}
        if not pages_only:
            intakes = {
                "paced": run_intakes(port, seconds * 4, per_member=20, interval=1.0),
                "back to back": run_intakes(port, seconds * 3, per_member=20, interval=0.0),
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
    ratios = [
        b["rps"] / a["rps"] for a, b in zip(results["(a) static CSS"], results["(b) warm cause page"], strict=True)
    ]
    return {
        "database": database,
        "workers": workers,
        "threads": threads,
        "static": static_path,
        "static_bytes": static_bytes,
        "page_bytes": page_bytes,
        "ratio_b_a": statistics.median(ratios),
        "ratios": ratios,
        "scenarios": {name: median_run(runs) for name, runs in results.items()},
        "intakes": intakes,
    }


def median_run(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p95", "requests", "errors")}


def report(result: dict) -> None:
    label = "PostgreSQL + Redis" if result["database"] == "postgresql" else "SQLite + shared file cache (the default)"
    print(f"\n## {label}, gunicorn {result['workers']} workers x {result['threads']} threads")
    print(
        f"static file {result['static']} ({result['static_bytes']:,} bytes) vs cause page "
        f"({result['page_bytes']:,} bytes), both uncompressed"
    )
    print("| scenario | requests/s | p50 ms | p95 ms | requests | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, figures in result["scenarios"].items():
        print(
            f"| {name} | {figures['rps']:.0f} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
            f"{figures['requests']:.0f} | {figures['errors']:.0f} |"
        )
    for pace, intakes in result["intakes"].items():
        for name in ("form", "submit"):
            figures = intakes[name]
            print(
                f"| (e) intake {name}, {STAFF} staff, {pace} | {figures['rps']:.1f} | {figures['p50']:.1f} | "
                f"{figures['p95']:.1f} | {figures['requests']} | 0 |"
            )
    print(
        f"(b)/(a) requests per second: {result['ratio_b_a']:.2f} (median of rounds: "
        + ", ".join(f"{ratio:.2f}" for ratio in result["ratios"])
        + ")"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=DATABASES, action="append")
    parser.add_argument("--config", action="append", help="WORKERSxTHREADS, e.g. 2x4 (default: gunicorn.conf.py's)")
    parser.add_argument("--seconds", type=float, default=3.0, help="per scenario per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--pages-only", action="store_true", help="only (a) and (b): the static file against the warm cause page"
    )
    arguments = parser.parse_args()
    configs = [tuple(map(int, config.split("x"))) for config in arguments.config or []]
    if not configs:
        configs = [(int(os.environ.get("WEB_CONCURRENCY", 2)), int(os.environ.get("GUNICORN_THREADS", 4)))]
    print(f"Machine: {os.cpu_count()} cores; client: {CLIENT_PROCESSES} processes x {CLIENT_THREADS} threads")
    ratios = []
    for database in arguments.database or DATABASES:
        environment = prepare(database)
        for workers, threads in configs:
            result = measure(
                database, environment, workers, threads, arguments.seconds, arguments.rounds, arguments.pages_only
            )
            report(result)
            ratios.append(f"{result['database']} {workers}x{threads}: {result['ratio_b_a']:.2f}")
    print("\n(b)/(a), warm cause page against the same bytes as a static file: " + "; ".join(ratios))


if __name__ == "__main__":
    sys.exit(main())
