"""
Fault benchmark: the production server (gunicorn.conf.py, 2 workers x 4 threads) on a throwaway
database, while things go wrong.

(1) Workers killed during 300 concurrent intakes: 30 client threads (signed in as 10 members of
    staff) file 10 intakes each while a worker is killed (SIGKILL) every 0.5-0.7 s. With client
    retries, a POST that got no answer is sent again with the same form (same token, same
    answers); without, it is given up. Counted afterwards in the database: intakes acknowledged
    (303), kept, lost (acknowledged but not in the database), duplicated, and without their
    suspected causes.
(2) /healthz while clinical leads export: three leads each export the whole audit (20,000 intakes)
    eight times in a loop while /healthz is asked every 0.25 s; its times, the exports answered
    and refused (429), and the workers' memory (peak of the sum of their resident sizes). Run once
    with the export limit as shipped and once with it lifted (AUDIT_EXPORTS_AT_ONCE=100).

    .venv/bin/python -m bench.faults                         # SQLite, then PostgreSQL + Redis
    .venv/bin/python -m bench.faults --database sqlite --only kills

Throwaway names of its own (a SQLite file, footdrop_bench_faults, Redis database 4), so that it
can run beside bench.load.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("BENCH_SQLITE_FILE", str(Path(tempfile.gettempdir()) / "footdrop-faults.sqlite3"))
os.environ.setdefault("BENCH_POSTGRES_NAME", "footdrop_bench_faults")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")

import argparse  # noqa: E402 - after the throwaway names are chosen
import http.client  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402

from bench import throwaway  # noqa: E402
from bench.load import HOST, STAFF, STAFF_PASSWORD, fetch, prepare, start_gunicorn  # noqa: E402
from bench.throwaway import PYTHON, REPO, percentile  # noqa: E402

throwaway.CACHE_FOLDER = Path(tempfile.gettempdir()) / "footdrop-faults-cache"

INTAKE_THREADS = 30
INTAKES_PER_THREAD = 10
# A client that retries keeps at it for a few seconds: a killed worker is back within about a second.
RETRIES = 20
RETRY_PAUSE = 0.2
EXPORT_ROWS = 20_000
LEADS = 3
EXPORTS_PER_LEAD = 8


class Browser:
    """One signed-in member of staff, reconnecting whenever the server drops the connection."""

    def __init__(self, port: int, username: str):
        self.port, self.cookies = port, {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        page = self.request("GET", "/accounts/login/")[1]
        self.request("POST", "/accounts/login/", {"username": username, "password": STAFF_PASSWORD, **csrf(page)})

    def request(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            response, content = fetch(self.connection, method, path, body=body, headers=headers)
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value
        return response, content.decode(errors="replace")


def csrf(page: str) -> dict:
    return {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)}


def with_retries(action, attempts: int):
    for attempt in range(attempts):
        try:
            return action()
        except (OSError, http.client.HTTPException):
            if attempt == attempts - 1:
                return None
            time.sleep(RETRY_PAUSE)
    return None


def file_one(browser: Browser, number: int, retry: bool) -> bool:
    """Fill in a form and send it; True when the server acknowledged it (303)."""
    page = with_retries(lambda: browser.request("GET", "/intake/new/"), RETRIES)
    if page is None or page[0].status != 200:
        return False
    form = page[1]
    fields = {
        "patient_name": f"Fault Patient {number}",
        "hospital_number": f"F{number:05d}",
        "date_of_birth_day": "27",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1961",
        "side": "left",
        "onset": ("gradual", "days", "sudden")[number % 3],
        "diabetes": "on",
        "submission_token": re.search(r'name="submission_token" value="([^"]+)"', form).group(1),
        **csrf(form),
    }
    answer = with_retries(lambda: browser.request("POST", "/intake/new/", fields), RETRIES if retry else 1)
    return answer is not None and answer[0].status == 303


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def kill_workers(master: int, stop: threading.Event, killed: list[int]) -> None:
    chance = random.Random(27)
    while not stop.wait(chance.uniform(0.5, 0.7)):
        pids = worker_pids(master)
        if pids:
            try:
                os.kill(chance.choice(pids), signal.SIGKILL)
                killed.append(1)
            except ProcessLookupError:
                pass


def database_counts(environment) -> dict:
    code = (
        "import json\n"
        "from django.db.models import Count\n"
        "from intake.models import Intake\n"
        "rows = Intake.objects.filter(patient_name__startswith='Fault Patient ').annotate(causes=Count('suspicions'))\n"
        "numbers = [int(name.rsplit(' ', 1)[1]) for name in rows.values_list('patient_name', flat=True)]\n"
        "print(json.dumps({'numbers': numbers, 'without_causes': rows.filter(causes=0).count()}))\n"
    )
    command = [PYTHON, "manage.py", "shell", "-c", code]
    output = subprocess.run(  # noqa: S603 - manage.py of this repository
        command, cwd=REPO, env=environment, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def clear_fault_intakes(environment) -> None:
    code = (
        "from intake.models import Intake, IntakeAccess\n"
        "rows = Intake.objects.filter(patient_name__startswith='Fault Patient ')\n"
        "IntakeAccess.objects.filter(intake__in=rows).delete(); rows.delete()\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=REPO, env=environment, check=True)  # noqa: S603


def intakes_while_killing(environment, *, retry: bool) -> dict:
    clear_fault_intakes(environment)
    log = Path(tempfile.gettempdir()) / "footdrop-faults-gunicorn.log"
    server, port = start_gunicorn(environment, 2, 4, log)
    browsers = [Browser(port, f"bench-staff-{thread % STAFF}") for thread in range(INTAKE_THREADS)]
    acknowledged: list[int] = []
    lock, stop, killed = threading.Lock(), threading.Event(), []

    def work(thread: int):
        for round_number in range(INTAKES_PER_THREAD):
            number = thread * INTAKES_PER_THREAD + round_number
            if file_one(browsers[thread], number, retry):
                with lock:
                    acknowledged.append(number)

    killer = threading.Thread(target=kill_workers, args=(server.pid, stop, killed))
    threads = [threading.Thread(target=work, args=(thread,)) for thread in range(INTAKE_THREADS)]
    started = time.perf_counter()
    try:
        killer.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        killer.join()
        server.terminate()
        server.wait(timeout=30)
    elapsed = time.perf_counter() - started
    counts = database_counts(environment)
    kept = set(counts["numbers"])
    return {
        "retry": retry,
        "sent": INTAKE_THREADS * INTAKES_PER_THREAD,
        "acknowledged": len(acknowledged),
        "kept": len(kept),
        "lost": len(set(acknowledged) - kept),
        "duplicated": len(counts["numbers"]) - len(kept),
        "without_causes": counts["without_causes"],
        "workers_killed": len(killed),
        "seconds": elapsed,
    }


def seed_export(environment) -> None:
    """EXPORT_ROWS intakes (made directly, spread over the last 90 days) and LEADS clinical leads."""
    code = f"""
import datetime, uuid
from django.contrib.auth.models import Group, User
from django.utils import timezone
from causes.models import Cause
from intake.models import Intake, SuspectedCause
if not Intake.objects.filter(patient_name__startswith='Export Patient ').exists():
    staff = User.objects.get(username='bench-staff-0')
    causes = list(Cause.objects.all()[:3])
    now = timezone.now()
    rows = [Intake(created_by=staff, submission_token=uuid.uuid4(), patient_name=f'Export Patient {{n}}',
                   date_of_birth=datetime.date(1960, 1, 1), side='left', onset='gradual', course='stable',
                   disposition='urgent', level='peroneal', reasons=['bench'], diabetes=n % 2 == 0)
            for n in range({EXPORT_ROWS})]
    Intake.objects.bulk_create(rows, batch_size=1000)
    filed = now - datetime.timedelta(days=45)
    Intake.objects.filter(patient_name__startswith='Export Patient ').update(created_at=filed)
    SuspectedCause.objects.bulk_create(
        [SuspectedCause(intake=row, cause=cause, rank=rank) for row in rows for rank, cause in enumerate(causes, 1)],
        batch_size=3000)
group = Group.objects.get(name='Clinical leads')
for n in range({LEADS}):
    if not User.objects.filter(username=f'bench-lead-{{n}}').exists():
        User.objects.create_user(f'bench-lead-{{n}}', password='{STAFF_PASSWORD}').groups.add(group)
"""
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=REPO, env=environment, check=True)  # noqa: S603


def resident_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return total


def healthz_during_exports(environment, *, exports_at_once: int | None) -> dict:
    server_environment = dict(environment)
    if exports_at_once is not None:
        server_environment["AUDIT_EXPORTS_AT_ONCE"] = str(exports_at_once)
    log = Path(tempfile.gettempdir()) / "footdrop-faults-gunicorn-export.log"
    server, port = start_gunicorn(server_environment, 2, 4, log)
    start = time.gmtime(time.time() - 120 * 86400)
    period = f"start={time.strftime('%Y-%m-%d', start)}"
    outcomes: dict[int, int] = {}
    export_seconds: list[float] = []
    health_ms: list[float] = []
    peak = [0]
    lock, stop = threading.Lock(), threading.Event()

    def export_loop(lead: int):
        browser = Browser(port, f"bench-lead-{lead}")
        for _export in range(EXPORTS_PER_LEAD):
            started = time.perf_counter()
            try:
                response, _body = browser.request("GET", f"/intake/audit/export.csv?{period}")
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
            with lock:
                outcomes[status] = outcomes.get(status, 0) + 1
                if status == 200:
                    export_seconds.append(time.perf_counter() - started)
            if status == 429:
                time.sleep(1)

    def probe():
        while not stop.is_set():
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=120)
                fetch(connection, "GET", "/healthz")
                connection.close()
                health_ms.append((time.perf_counter() - started) * 1000)
            except (OSError, http.client.HTTPException):
                health_ms.append(float("inf"))
            peak[0] = max(peak[0], resident_kib(worker_pids(server.pid)))
            stop.wait(0.25)

    prober = threading.Thread(target=probe)
    leads = [threading.Thread(target=export_loop, args=(lead,)) for lead in range(LEADS)]
    started = time.perf_counter()
    try:
        prober.start()
        for thread in leads:
            thread.start()
        for thread in leads:
            thread.join()
    finally:
        stop.set()
        prober.join()
        server.terminate()
        server.wait(timeout=30)
    return {
        "limit": exports_at_once or "as shipped (2, one per person)",
        "seconds": time.perf_counter() - started,
        "exports": outcomes,
        "export_s_median": statistics.median(export_seconds) if export_seconds else float("nan"),
        "healthz_ms_p50": percentile(health_ms, 0.5),
        "healthz_ms_p95": percentile(health_ms, 0.95),
        "healthz_ms_max": max(health_ms),
        "healthz_probes": len(health_ms),
        "peak_workers_mib": peak[0] / 1024,
    }


def export_memory(environment) -> list[dict]:
    """Peak memory traced while one export streams its first 2,000 rows, and all of them."""
    code = """
import datetime, json, tracemalloc
from django.utils import timezone
from intake.export import csv_lines, export_intakes
today = timezone.localdate()
for limit in (2000, None):
    tracemalloc.start()
    rows = 0
    for piece in csv_lines(export_intakes(today - datetime.timedelta(days=120), today)):
        rows += piece.count(chr(10))
        if limit and rows >= limit:
            break
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"rows_streamed": rows - 1, "peak_traced_kib": round(peak / 1024)}))
"""
    command = [PYTHON, "manage.py", "shell", "-c", code]
    output = subprocess.run(  # noqa: S603 - manage.py of this repository
        command, cwd=REPO, env=environment, capture_output=True, text=True, check=True
    ).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", action="append", choices=throwaway.DATABASES)
    parser.add_argument("--only", choices=("kills", "exports", "memory"))
    arguments = parser.parse_args()
    for database in arguments.database or throwaway.DATABASES:
        environment = prepare(database)
        print(f"\n## {database}", flush=True)
        if arguments.only in (None, "kills"):
            for retry in (False, True):
                print(json.dumps(intakes_while_killing(environment, retry=retry)), flush=True)
        if arguments.only in (None, "exports", "memory"):
            seed_export(environment)
        if arguments.only in (None, "exports"):
            for limit in (None, 100):
                print(json.dumps(healthz_during_exports(environment, exports_at_once=limit)), flush=True)
        if arguments.only in (None, "memory"):
            for measured in export_memory(environment):
                print(json.dumps(measured), flush=True)


if __name__ == "__main__":
    main()
