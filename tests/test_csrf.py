"""Django's CSRF protection guards every view of the site: none is exempt, the reader question form included."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from causes.models import Question


def views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_no_view_in_the_urlconf_is_exempt_from_csrf_protection():
    patterns = views(get_resolver().url_patterns)
    exempt = [str(pattern.pattern) for pattern in patterns if getattr(pattern.callback, "csrf_exempt", False)]
    assert exempt == []


@pytest.mark.parametrize(
    "url", ["/causes/test-neuropathy/questions/", "/intake/new/", "/accounts/login/", "/accounts/password_reset/"]
)
def test_a_form_sent_without_a_token_is_refused(db, cause, url):
    response = Client(enforce_csrf_checks=True).post(url, {"author_name": "Ann", "text": "Why?"})
    assert response.status_code == 403
    assert Question.objects.count() == 0
