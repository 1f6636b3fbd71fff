"""
Every response carries the site's security headers, whatever its status: pages, redirects,
refusals, missing pages, wrong methods and static files.
"""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *values = directive.split()
        directives[name] = values
    return directives


def assert_security_headers(response, label):
    for header, value in EXPECTED_HEADERS.items():
        assert response.headers.get(header) == value, f"{label}: {header}"
    directives = csp_directives(response)
    assert directives, f"{label}: no Content-Security-Policy"
    for values in directives.values():
        assert "'unsafe-inline'" not in values, label
        assert "'unsafe-eval'" not in values, label
        assert "*" not in values, label
    assert directives["script-src"] == ["'self'"], label
    assert directives["default-src"] == ["'self'"], label
    assert directives["object-src"] == ["'none'"], label
    assert directives["base-uri"] == ["'none'"], label
    assert directives["frame-ancestors"] == ["'none'"], label


@pytest.fixture
def static_client():
    """A client whose WhiteNoise serves the source static folders, so no collectstatic is needed."""
    with override_settings(WHITENOISE_USE_FINDERS=True):
        yield Client()


def test_a_page_carries_every_header(client, cause):
    response = client.get(f"/causes/{cause.slug}/")
    assert response.status_code == 200
    assert_security_headers(response, "200")


def test_a_redirect_carries_every_header(client):
    response = client.get("/intake/")
    assert response.status_code == 302
    assert_security_headers(response, "302")


def test_a_refusal_carries_every_header(client, outsider):
    client.force_login(outsider)
    response = client.get("/intake/")
    assert response.status_code == 403
    assert_security_headers(response, "403")


def test_a_missing_page_carries_every_header(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response, "404")


def test_a_wrong_method_carries_every_header(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert_security_headers(response, "405")


def test_a_bad_request_carries_every_header(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert_security_headers(response, "400")


def test_a_post_to_a_public_list_is_refused_with_every_header(client):
    response = client.post("/causes/")
    assert response.status_code == 405
    assert_security_headers(response, "405 list")


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/favicon.svg"])
def test_a_static_file_carries_every_header(static_client, path):
    response = static_client.get(path)
    assert response.status_code == 200, path
    assert_security_headers(response, path)


def test_the_admin_carries_every_header(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_security_headers(response, "admin")


def test_pages_refuse_to_be_framed(client):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_no_page_has_an_inline_script(client, seeded, superuser):
    cause = seeded.filter(is_published=True).first()
    client.force_login(superuser)
    for path in ["/", "/causes/", f"/causes/{cause.slug}/", "/intake/new/", "/admin/causes/cause/"]:
        html = client.get(path).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.split(">", 1)[0].strip().startswith("src="), f"inline script on {path}"
