"""
Gunicorn settings for the Foot Drop Clinic (read by `make serve` and in production).

Workers and threads were chosen by measurement on a 2-core machine with
bench/load.py: see docs/performance.md. Override them per machine with
WEB_CONCURRENCY and GUNICORN_THREADS.
"""

import os

# Only this machine by default: the proxy in front (nginx, see the README) reaches gunicorn here.
# Set HOST to listen elsewhere, and make sure then that only the proxy can reach it.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

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
logger_class = "core.gunicorn_logging.QuerylessLogger"

# Trust X-Forwarded-Proto only from the proxy in front (set FORWARDED_ALLOW_IPS to its addresses);
# the site reads the same variable to decide whose X-Forwarded-For it believes (client_address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's control socket (gunicornc) defaults to one path per user: two instances on one machine
# shared it, and stopping one removed the other's. Off, unless GUNICORN_CONTROL_SOCKET names one
# for this instance alone.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
