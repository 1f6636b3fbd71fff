"""The user admin, saying plainly in the user form what lets a person into the editors' admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _


class StaffUserAdmin(UserAdmin):
    """Django's user admin, saying plainly what lets a person into this admin."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "is_staff" in form.base_fields:
            form.base_fields["is_staff"].help_text = _(
                'Not needed for content editors: putting a person in the "Content editors" group is enough '
                "to let them sign in here. Tick it only for someone who needs the admin without that group."
            )
        return form


def use_staff_user_admin(site: admin.AdminSite) -> None:
    """Swap in StaffUserAdmin; called once the admin has loaded every app's admin module."""
    user_model = get_user_model()
    if site.is_registered(user_model):
        site.unregister(user_model)
    site.register(user_model, StaffUserAdmin)
