"""
Site-wide request and response rules.

`RequestBodyGuardMiddleware` runs before anything reads a request's body: it refuses a body
longer than `REQUEST_BODY_MAX_BYTES` (413) from its Content-Length, a form body in any charset
but UTF-8 (400), and a body Django cannot parse (400), always with the site's own error page
and headers. It reads the form itself, so a body that cannot be read is refused here once;
otherwise the parse error would be raised again wherever the body is next read (the error
report of a server error reads `request.POST`, and its failure escaped as the server's bare 500).
File parts are refused by `RefuseFileUploads`: no form on the site takes a file.

`PrivateResponsesMiddleware` keeps every response to a signed-in user out of the browser's and
any proxy's cache (a shared ward PC's Back button would otherwise show patients after sign-out).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.utils.cache import patch_cache_control

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
UTF8_NAMES = {"utf-8", "utf8"}


class UnexpectedFileUpload(SuspiciousOperation):
    """A form body carried a file part; no form on the site takes a file."""


class RefuseFileUploads(FileUploadHandler):
    """The only upload handler: a file part stops the parse before anything of it is stored."""

    def new_file(self, *args, **kwargs):
        raise UnexpectedFileUpload("A file was sent to a form that takes no file.")

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def refuse(request, status: int) -> HttpResponse:
    """
    The site's own error page, rendered as Django's default error views render theirs. The form
    is set empty through the request's own `POST` setter: nothing after this (the request log's
    redaction reads the form) may wait for a body that is never coming or parse one that was refused.
    """
    request.POST = QueryDict()
    return HttpResponse(loader.get_template(f"{status}.html").render(), status=status)


def declared_length(request) -> int | None:
    """The body's length as the client declared it; None when the declaration is not a number."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


class RequestBodyGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length is None or length < 0:
            return refuse(request, 400)
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return refuse(request, 413)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            refused = self.read_form(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def read_form(request) -> HttpResponse | None:
        charset = request.content_params.get("charset")
        if charset is not None and charset.strip().lower() not in UTF8_NAMES:
            return refuse(request, 400)
        try:
            request.POST  # noqa: B018 - parsed here, where a failure is answered once
        except RequestDataTooBig:
            return refuse(request, 413)
        except (SuspiciousOperation, MultiPartParserError, UnicodeDecodeError, ValueError):
            return refuse(request, 400)
        return None


class PrivateResponsesMiddleware:
    """Every response to a signed-in user: `Cache-Control: no-store, private`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
