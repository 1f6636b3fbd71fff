"""
Throwaway databases and production-like settings for the benchmarks.

The benchmarks never touch the development database, the `footdrop` PostgreSQL
database or the test databases: SQLite runs use a file under the system's temp
folder, PostgreSQL runs use `footdrop_bench`, dropped and made again each run.
"""

import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Each run may name its own throwaway database, so that runs side by side do not drop each other's.
SQLITE_FILE = Path(os.environ.get("BENCH_SQLITE_FILE", Path(tempfile.gettempdir()) / "footdrop-bench.sqlite3"))
# The embedded default cache (no REDIS_URL): files every gunicorn process shares.
CACHE_FOLDER = Path(os.environ.get("BENCH_CACHE_DIR", Path(tempfile.gettempdir()) / "footdrop-bench-cache"))
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_NAME = os.environ.get("BENCH_POSTGRES_NAME", "footdrop_bench")
# Redis database 3: not the one the site (0), the test suite (1, 2) or anyone else uses here.
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
DATABASES = ("sqlite", "postgresql")


def database_url(database: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{SQLITE_FILE}"
    return f"{POSTGRES_SERVER}/{POSTGRES_NAME}"


def reset_database(database: str) -> None:
    """An empty throwaway database: the SQLite file deleted, or footdrop_bench dropped and created again."""
    if database == "sqlite":
        for path in SQLITE_FILE.parent.glob(SQLITE_FILE.name + "*"):
            path.unlink()
        return
    import psycopg

    assert re.fullmatch(r"footdrop_(\w+_)?bench\w*", POSTGRES_NAME), "benchmarks only ever drop their own database"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {POSTGRES_NAME}")


def production_environment(database: str, *, redis: bool) -> dict[str, str]:
    """The environment `make serve` gives the site, pointed at the throwaway database (and Redis if asked)."""
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url(database),
        "PYTHONPATH": str(REPO),
    }
    environment.pop("REDIS_URL", None)
    if redis:
        environment["REDIS_URL"] = BENCH_REDIS_URL
    else:
        shutil.rmtree(CACHE_FOLDER, ignore_errors=True)
        environment["DJANGO_CACHE_DIR"] = str(CACHE_FOLDER)
    return environment


def manage(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run(  # noqa: S603 - manage.py of this repository, with our own arguments
        [PYTHON, "manage.py", *arguments], cwd=REPO, env=environment, check=True, stdout=subprocess.DEVNULL
    )


def flush_bench_redis() -> None:
    import redis

    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()


def make_causes(count: int, *, start: int = 0) -> None:
    """
    Add `count` published causes written from the seed articles' own text, varied so
    that no two are alike: sentences shuffled, a sentence borrowed from another article,
    numbered names. Needs Django set up on the throwaway database.
    """
    from causes.models import SECTIONS, Cause
    from causes.seed import read_seed_files

    articles = read_seed_files()
    sentences = [
        sentence
        for article in articles
        for field, _heading in SECTIONS
        for sentence in re.split(r"(?<=\.)\s+", article[field])
        if sentence
    ]
    causes = []
    for number in range(start, start + count):
        chance = random.Random(number)
        article = articles[number % len(articles)]
        sections = {}
        for field, _heading in SECTIONS:
            own = [sentence for sentence in re.split(r"(?<=\.)\s+", article[field]) if sentence]
            chance.shuffle(own)
            sections[field] = " ".join(own)
        # One sentence from another article, as real articles mention other causes.
        sections["overview"] += " " + chance.choice(sentences)
        causes.append(
            Cause(
                name=f"{article['name']} (case series {number})",
                also_known_as=article.get("also_known_as", ""),
                slug=f"{article['slug']}-series-{number}",
                summary=article["summary"][:300],
                level=article["level"],
                onset=article["onset"],
                usual_side=article["usual_side"],
                urgency=article["urgency"],
                risk_factors=article["risk_factors"],
                references=article["references"],
                written_by=article["written_by"],
                is_published=True,
                **sections,
            )
        )
    Cause.objects.bulk_create(causes, batch_size=500)
    Cause.objects.update_search_index()


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]
