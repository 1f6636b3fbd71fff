"""
The editors' admin, branded as the site's. Membership of "Content editors" or "Clinical
reviewers" is enough to sign in to it (no separate "Staff status" tick); what each person may do there still comes from
their group's permissions. "Intake staff" stay out: their work is on the intake pages, where
every view of an intake is logged. Every admin form, the sign-in form included, refuses
unreadable text.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import with_clean_text_forms
from core.forms import CleanTextFormMixin
from core.staff_groups import CLINICAL_REVIEWERS, CONTENT_EDITORS

ADMIN_GROUPS = (CONTENT_EDITORS, CLINICAL_REVIEWERS)


def may_enter_admin(user) -> bool:
    """Active, and marked as staff or in a group whose work is in the admin."""
    return (
        user.is_active
        and user.is_authenticated
        and (user.is_staff or user.groups.filter(name__in=ADMIN_GROUPS).exists())
    )


class StaffGroupAuthenticationForm(CleanTextFormMixin, AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)  # refuses inactive accounts
        if not may_enter_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class FootDropAdminSite(admin.AdminSite):
    site_header = _("Foot Drop Clinic editors")
    site_title = _("Foot Drop Clinic editors")
    index_title = _("Content and moderation")
    login_form = StaffGroupAuthenticationForm

    def has_permission(self, request):
        return may_enter_admin(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin's forms refuse unreadable text (U+FFFD, control characters)."""
        super().register(model_or_iterable, with_clean_text_forms(admin_class or admin.ModelAdmin), **options)
