"""
Page weight: a cause page's HTML plus the stylesheets it loads stays under 60 KB
compressed (gzip level 6: brotli is not installed here, and gzip is what every
browser accepts), and no page needs JavaScript.
"""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from causes.models import Cause
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 60 * 1024


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def stylesheets(page: str) -> list[bytes]:
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert hrefs, "the page loads no stylesheet: did the template change?"
    files = []
    for href in hrefs:
        assert href.startswith(settings.STATIC_URL) or href.startswith("/" + settings.STATIC_URL), href
        path = finders.find(href.split(settings.STATIC_URL, 1)[1])
        assert path, href
        with open(path, "rb") as stylesheet:
            files.append(stylesheet.read())
    return files


def cause_page_weight(client, slug: str) -> int:
    page = client.get(f"/causes/{slug}/").content
    return compressed_size(page) + sum(compressed_size(css) for css in stylesheets(page.decode()))


def test_every_cause_page_with_its_stylesheets_is_under_60_kb_compressed(client, seeded):
    weights = {cause.slug: cause_page_weight(client, cause.slug) for cause in Cause.objects.published()}
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < BUDGET_BYTES, f"{heaviest}: {weights[heaviest]:,} bytes compressed"


def public_and_staff_pages(client, intake_staff) -> list[str]:
    emergency = file_intake(intake_staff, onset="sudden")
    return [
        "/",
        "/causes/",
        "/causes/?q=nerve",
        "/causes/?q=xylophone",
        "/causes/common-peroneal-neuropathy/",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/intake/",
        "/intake/new/",
        f"/intake/{emergency.pk}/",
        f"/intake/{emergency.pk}/referral/",
    ]


def test_no_page_carries_a_script(client, seeded, intake_staff):
    pages = public_and_staff_pages(client, intake_staff)
    for url in pages[:7]:
        assert "<script" not in client.get(url).content.decode().lower(), url
    client.force_login(intake_staff)
    for url in pages[7:]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "<script" not in response.content.decode().lower(), url
    invalid = client.post("/intake/new/", {"patient_name": ""})
    assert invalid.status_code == 400
    assert "<script" not in invalid.content.decode().lower()
