"""
What one warm cause page costs against the same bytes as a static file, in this process.

The load benchmark (bench/load.py) measures requests per second through gunicorn, which on a
shared 2-core machine swings by a factor of two from one round to the next. This one calls the
site's WSGI application directly, one request at a time on one thread, and reports the median
wall time and CPU time per request of (a) the collected CSS file closest in size to the page and
(b) the warm cause page: what the page cache adds to a request, without gunicorn, sockets or the
client. Run it on the default file cache and on Redis:

    .venv/bin/python -m bench.page_cost                       # a throwaway SQLite database, file cache
    .venv/bin/python -m bench.page_cost --redis redis://127.0.0.1:6379/3
"""

import argparse
import io
import json
import statistics
import subprocess
import sys
import time

from bench.load import CAUSE_PAGE
from bench.throwaway import PYTHON, REPO, manage, production_environment, reset_database

REQUESTS = 2000
ROUNDS = 7


def measure() -> None:
    """Runs in a child process whose environment is the site's production one."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    application = WSGIHandler()

    def call(path: str) -> int:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        statuses = []
        body = application(environ, lambda status, headers, *_: statuses.append(status))
        size = len(b"".join(body))
        body.close()
        assert statuses[0].startswith("200"), (path, statuses[0])
        return size

    manifest = json.loads((REPO / "staticfiles" / "staticfiles.json").read_text())["paths"]
    page_bytes = call(CAUSE_PAGE)
    sizes = {name: (REPO / "staticfiles" / hashed).stat().st_size for name, hashed in manifest.items()}
    closest = min((name for name in sizes if name.endswith(".css")), key=lambda name: abs(sizes[name] - page_bytes))
    paths = {"static": "/static/" + manifest[closest], "page": CAUSE_PAGE}
    wall, cpu = {name: [] for name in paths}, {name: [] for name in paths}
    for _round in range(ROUNDS):
        for name, path in paths.items():  # alternating, so that both see the same moments of the machine
            started, started_cpu = time.perf_counter(), time.process_time()
            for _request in range(REQUESTS):
                call(path)
            wall[name].append((time.perf_counter() - started) / REQUESTS * 1e6)
            cpu[name].append((time.process_time() - started_cpu) / REQUESTS * 1e6)
    result = {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in paths}
    print(f"{closest} ({sizes[closest]:,} bytes) against the cause page ({page_bytes:,} bytes)")
    print("| request | wall µs | CPU µs |")
    print("| --- | ---: | ---: |")
    for name in paths:
        print(f"| {name} | {result[name][0]:.0f} | {result[name][1]:.0f} |")
    print(
        f"static/page: {result['static'][0] / result['page'][0]:.2f} by wall time, "
        f"{result['static'][1] / result['page'][1]:.2f} by CPU time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis", help="a Redis URL for the shared cache (its database is emptied)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        measure()
        return
    reset_database("sqlite")
    environment = production_environment("sqlite", redis=bool(arguments.redis))
    if arguments.redis:
        import redis

        redis.Redis.from_url(arguments.redis).flushdb()
        environment["REDIS_URL"] = arguments.redis
    manage(environment, "migrate", "--noinput")
    manage(environment, "seed_encyclopedia")
    manage(environment, "collectstatic", "--noinput")
    environment["DJANGO_SETTINGS_MODULE"] = "footdrop_site.settings"
    subprocess.run([PYTHON, "-m", "bench.page_cost", "--measure"], cwd=REPO, env=environment, check=True)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
