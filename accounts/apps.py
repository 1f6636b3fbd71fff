from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: signing in (with the hooks other apps give it) and resetting a password."""

    name = "accounts"
    verbose_name = "Accounts"
