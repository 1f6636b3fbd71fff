"""
Fault table for the shared cache: what anonymous readers get while it fails.

gunicorn with gunicorn.conf.py (2 workers x 4 threads) on a throwaway SQLite database, with 8
client threads on keep-alive connections asking in turn for the home page, a cause page, the
emergency check (/check/), the sign-in page and /healthz, for a bounded time:

  file cache, healthy       the default: a folder every process shares
  file cache, unwritable    the folder empty and unwritable (immutable, which holds for root too)
  Redis, healthy            a Redis server of the benchmark's own, on a free loopback port
  Redis, stopped            that server killed once the pages are warm
  Redis, paused             that server stopped with SIGSTOP; one gunicorn worker is killed meanwhile,
                            so that a fresh worker starts while Redis does not answer

For each: requests, 200s, 500s, anything else (other statuses and failed connections), and the
median and worst latency. The shared Redis and the project's databases are never touched.

    .venv/bin/python -m bench.cache_faults --seconds 10
"""

import argparse
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from functools import partial
from pathlib import Path

from bench.load import CAUSE_PAGE, HOST, fetch, free_port, start_gunicorn
from bench.throwaway import manage, production_environment, reset_database

PATHS = ["/", CAUSE_PAGE, "/check/", "/accounts/login/", "/healthz"]
CLIENT_THREADS = 8
MAX_REQUESTS = 20000


def read_pages(port: int, seconds: float, during=None) -> dict:
    """Client threads ask for PATHS in turn until time or budget is up; `during` runs meanwhile."""
    statuses, latencies, lock = Counter(), [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def reader(offset):
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        number = offset
        while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
            path = PATHS[number % len(PATHS)]
            number += 1
            started = time.perf_counter()
            try:
                status = fetch(connection, "GET", path)[0].status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                status = "failed"
            with lock:
                statuses[status] += 1
                latencies.append((time.perf_counter() - started) * 1000)
        connection.close()

    threads = [threading.Thread(target=reader, args=(offset,)) for offset in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    if during is not None:
        during()
    for thread in threads:
        thread.join()
    return {
        "requests": len(latencies),
        "200": statuses[200],
        "500": statuses[500],
        "other": sum(count for status, count in statuses.items() if status not in (200, 500)),
        "p50": statistics.median(latencies),
        "worst": max(latencies),
    }


class OwnRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line on a loopback port
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def signal(self, number) -> None:
        os.kill(self.process.pid, number)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait()


def set_immutable(folder: Path, immutable: bool) -> None:
    if os.geteuid() == 0:
        subprocess.run([shutil.which("chattr"), "+i" if immutable else "-i", str(folder)], check=True)  # noqa: S603
    else:
        folder.chmod(0o500 if immutable else 0o700)


def kill_one_worker(master: subprocess.Popen) -> None:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)


def serve(environment: dict, log: Path, seconds: float, *, before=None, during=None) -> dict:
    server, port = start_gunicorn(environment, workers=2, threads=4, log=log)
    try:
        read_pages(port, 1.0)  # warm: every worker has kept the pages
        if before is not None:
            before()
        return read_pages(port, seconds, during=lambda: during(server) if during else None)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(seconds: float) -> list[tuple[str, dict]]:
    reset_database("sqlite")
    base = production_environment("sqlite", redis=False)
    manage(base, "migrate", "--noinput")
    manage(base, "seed_encyclopedia")
    manage(base, "collectstatic", "--noinput")
    work = Path(tempfile.mkdtemp(prefix="footdrop-cache-faults-"))
    rows = [("file cache, healthy", serve(base, work / "healthy.log", seconds))]

    folder = work / "unwritable-cache"
    folder.mkdir()
    set_immutable(folder, True)
    try:
        unwritable = {**base, "DJANGO_CACHE_DIR": str(folder)}
        rows.append(("file cache, unwritable and empty", serve(unwritable, work / "unwritable.log", seconds)))
    finally:
        set_immutable(folder, False)

    for fault in ("healthy", "stopped", "paused"):
        redis = OwnRedis()
        try:
            environment = {**base, "REDIS_URL": redis.url}
            if fault == "stopped":
                result = serve(environment, work / "stopped.log", seconds, before=redis.stop)
            elif fault == "paused":

                def restart_a_worker(server):
                    time.sleep(seconds / 3)
                    kill_one_worker(server)

                result = serve(
                    environment,
                    work / "paused.log",
                    seconds,
                    before=partial(redis.signal, signal.SIGSTOP),
                    during=restart_a_worker,
                )
            else:
                result = serve(environment, work / "redis.log", seconds)
        finally:
            redis.stop()
        rows.append((f"Redis, {fault}" + (" (a worker killed meanwhile)" if fault == "paused" else ""), result))
    shutil.rmtree(work, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="per fault")
    arguments = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores; gunicorn 2 workers x 4 threads; {CLIENT_THREADS} client threads")
    print(f"Pages in turn: {', '.join(PATHS)}; {arguments.seconds:.0f} s per fault")
    print("| cache | requests | 200 | 500 | other | p50 ms | worst ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in run(arguments.seconds):
        print(
            f"| {name} | {result['requests']} | {result['200']} | {result['500']} | {result['other']} | "
            f"{result['p50']:.1f} | {result['worst']:.0f} |"
        )


if __name__ == "__main__":
    main()
