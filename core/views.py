"""Site-wide views that belong to no app: the health check a load balancer asks."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from causes.generation import shared_cache_answers

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """
    Tell a load balancer whether this app server can serve: the database and the cache, each
    reported. Only the database decides (503): without the cache, pages are served uncached.
    """
    database_ok = database_answers()
    body = {
        "status": "ok" if database_ok else "error",
        "database": "ok" if database_ok else "unavailable",
        "cache": "ok" if shared_cache_answers() else "unavailable",
    }
    return JsonResponse(body, status=200 if database_ok else 503)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False
    return True
