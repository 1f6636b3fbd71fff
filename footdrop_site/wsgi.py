"""WSGI entry point, used by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

# Files the app server creates (the SQLite database and its journal) are the owner's alone: they hold patient data.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "footdrop_site.settings")

application = get_wsgi_application()
