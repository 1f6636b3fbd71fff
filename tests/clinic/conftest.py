"""The clinic's tests run without Django: this conftest, not the suite's, is the one they need.

`make test-clinic` runs them with `-p no:django --confcutdir=tests/clinic`, so the suite's
conftest (which sets up databases and caches) is never loaded; the normal suite collects them too.
"""

import sys

import pytest


@pytest.fixture(scope="session", autouse=True)
def no_django_in_the_clinic(request):
    """Without the Django plugin, nothing the clinic tests import may pull Django in."""
    yield
    if not request.config.pluginmanager.has_plugin("django"):
        loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
        assert not loaded, f"the clinic imported Django: {loaded[:5]}"
