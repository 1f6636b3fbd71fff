"""
Intake POST benchmark: how long filing an intake takes, and how much of it the decisive questions cost.

In a child process on a throwaway database (bench/throwaway.py), a signed-in member of staff
posts the intake form through Django's test client, for three kinds of intake in turn (a routine
case with the red flags not asked, a past operation with the 72-hour question not asked, a sudden
onset with stroke signs), and the script prints p50 and p95 of the POST per kind. It also times
`clinic.assess` on the same answers, and the decisive questions alone where the engine has them.

    .venv/bin/python -m bench.intake_post                      # SQLite
    .venv/bin/python -m bench.intake_post --database postgresql
"""

import argparse
import json
import os
import subprocess
import sys
import time

from bench.throwaway import PYTHON, REPO, manage, percentile, production_environment, reset_database

ROUNDS = 150  # timed POSTs of each kind, after WARM_UP untimed ones
WARM_UP = 10
KINDS = {
    "routine, red flags not asked": {"onset": "gradual", "course": "stable", "leg_crossing_or_squatting": "on"},
    "past hip operation, 72 h not asked": {"onset": "days", "course": "stable", "hip_surgery_or_injection": "on"},
    "sudden, stroke signs": {"onset": "sudden", "stroke_signs": "yes"},
}


def engine_answers(form: dict) -> dict:
    values = {"side": "left", **form}
    return {name: True if value in ("on", "yes") else value for name, value in values.items()}


def time_engine(answers: dict) -> dict:
    """Microseconds per call of assess, and of the decisive questions alone where the engine has them."""
    import clinic

    figures = {}
    calls = 300
    started = time.perf_counter()
    for _ in range(calls):
        assessment = clinic.assess(answers)
    figures["assess_us"] = (time.perf_counter() - started) / calls * 1e6
    try:
        from clinic.decisive import decisive_questions
        from clinic.engine import disposition_of
    except ImportError:
        return figures
    started = time.perf_counter()
    for _ in range(calls):
        decisive_questions(answers, assessment.disposition, disposition_of)
    figures["decisive_us"] = (time.perf_counter() - started) / calls * 1e6
    return figures


def measure() -> dict:
    """Runs inside a child process whose DATABASE_URL points at the throwaway database."""
    import uuid

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "footdrop_site.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.test import Client

    user = User.objects.create_user("bench-nurse")
    user.groups.add(Group.objects.get(name="Intake staff"))
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    identity = {"patient_name": "Bench Patient", "date_of_birth_day": "27", "date_of_birth_month": "3"}
    identity |= {"date_of_birth_year": "1961", "side": "left"}
    samples = {kind: [] for kind in KINDS}
    for round_number in range(WARM_UP + ROUNDS):
        for kind, answers in KINDS.items():
            data = identity | answers | {"submission_token": str(uuid.uuid4())}
            started = time.perf_counter()
            response = client.post("/intake/new/", data)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 303, (kind, response.status_code)
            if round_number >= WARM_UP:
                samples[kind].append(elapsed)
    return {
        kind: {
            "post_p50_ms": percentile(times, 0.5),
            "post_p95_ms": percentile(times, 0.95),
            **time_engine(engine_answers(KINDS[kind])),
        }
        for kind, times in samples.items()
    }


def run(database: str) -> dict:
    reset_database(database)
    environment = production_environment(database, redis=False)
    manage(environment, "migrate", "--noinput")
    manage(environment, "seed_encyclopedia")
    child = subprocess.run(  # noqa: S603 - this module, in a child process on the throwaway database
        [PYTHON, "-m", "bench.intake_post", "--child"],
        cwd=REPO,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure()))
        return
    figures = run(arguments.database)
    print(f"intake POST on {arguments.database}, {ROUNDS} of each kind")
    for kind, row in figures.items():
        decisive = f", decisive questions {row['decisive_us'] / 1000:.2f} ms" if "decisive_us" in row else ""
        print(
            f"  {kind}: POST p50 {row['post_p50_ms']:.1f} ms, p95 {row['post_p95_ms']:.1f} ms; "
            f"assess {row['assess_us'] / 1000:.2f} ms{decisive}"
        )


if __name__ == "__main__":
    sys.exit(main())
