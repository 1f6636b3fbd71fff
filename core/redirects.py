"""Post/redirect/get for both apps."""

from django.shortcuts import redirect


def see_other(to, *args, **kwargs):
    """Redirect with 303 See Other, so that the browser follows a POST with a GET."""
    response = redirect(to, *args, **kwargs)
    response.status_code = 303
    return response
