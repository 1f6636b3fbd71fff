"""
Gunicorn settings for the Foot Drop Clinic (read by `make serve` and in production).

Workers and threads were chosen by measurement on a 2-core machine with
bench/load.py: see docs/performance.md. Override them per machine with
WEB_CONCURRENCY and GUNICORN_THREADS.
"""

import os

# HOST 0.0.0.0 behind a load balancer; `make serve` sets 127.0.0.1.
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104

# Threaded workers: requests wait on PostgreSQL and Redis, so threads keep the cores busy,
# and a keep-alive connection does not hold a whole process as with sync workers.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
timeout = 30
graceful_timeout = 30

# Recycle each worker after about 10,000 requests (bounds any slow leak), staggered so they do not
# all restart at once. The app is loaded once in the master, so a recycled worker is ready at once.
max_requests = 10000
max_requests_jitter = 1000
preload_app = True

# Access log without the query string or the referrer: the intake search puts a
# patient's name in ?q=. Path, status, size and time in milliseconds only.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# The error log quoted a malformed request line whole, query string and all: it is cut there too.
logger_class = "footdrop_site.gunicorn_logging.QuerylessLogger"

# Trust X-Forwarded-Proto only from the load balancer in front (set FORWARDED_ALLOW_IPS to its address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
