"""
Static files as production serves them: collected under hashed names by WhiteNoise's
compressed manifest storage, cached for ten years as immutable, compressed for any
browser that accepts it, and short-lived under their plain names.
"""

import gzip

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

TEN_YEARS = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def production_static_files(tmp_path_factory):
    """collectstatic into a fresh folder with production's storage, as `make serve` does."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("staticfiles"), STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield


def get_static(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ["css/site.css", "vendor/bootstrap/bootstrap.min.css"])
def test_hashed_static_files_are_cached_for_ten_years_as_immutable(client, production_static_files, name):
    url = staticfiles_storage.url(name)
    assert url != settings.STATIC_URL + name, "the name should carry a content hash"
    response, _content = get_static(client, url)
    assert response.status_code == 200
    assert response["Cache-Control"] == TEN_YEARS


@pytest.mark.parametrize("name", ["css/site.css", "vendor/bootstrap/bootstrap.min.css"])
def test_a_compressed_variant_is_served_to_browsers_that_accept_it(client, production_static_files, name):
    url = staticfiles_storage.url(name)
    plain, original = get_static(client, url)
    assert "Content-Encoding" not in plain
    response, content = get_static(client, url, accept_encoding="gzip, deflate, br")
    assert "Accept-Encoding" in response["Vary"]
    encoding = response["Content-Encoding"]
    if encoding == "br":  # only when the brotli package is installed
        import brotli

        assert brotli.decompress(content) == original
    else:
        assert encoding == "gzip"
        assert gzip.decompress(content) == original
    assert len(content) < len(original) / 3
    assert response["Cache-Control"] == TEN_YEARS


def test_plain_names_are_not_cached_for_long(client, production_static_files):
    response, _content = get_static(client, settings.STATIC_URL + "css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_pages_link_the_hashed_names(client, production_static_files, db):
    page = client.get("/accounts/login/").content.decode()
    assert f'href="{staticfiles_storage.url("css/site.css")}"' in page
    assert f'href="{staticfiles_storage.url("vendor/bootstrap/bootstrap.min.css")}"' in page
