"""Sign-in helpers for django-axes, which records every failed sign-in."""

from django.contrib.auth import get_user_model

# No account's username is longer; django-axes keeps at most 255 characters of one.
USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length


def lockout_username(request, credentials=None) -> str | None:
    """
    The username django-axes counts failures against, cut to the longest real username.

    Django's sign-in form does not limit the username's length, so an attempt with a longer
    one reached the database uncut and failed there (a server error on PostgreSQL).
    """
    username = (credentials or {}).get("username")
    if username is None:
        username = getattr(request, "POST", {}).get("username")
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_MAX_LENGTH]
