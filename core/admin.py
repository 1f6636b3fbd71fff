"""
Every admin form refuses unreadable text.

The site's admin site (core.admin_site) registers each model admin through
`with_clean_text_forms`, whose form and whose inlines' forms have `CleanTextFormMixin`:
the change form, the inline forms and the list-editable forms the admin builds from them
all refuse U+FFFD and control characters on their text fields (core.forms).
"""

from django.contrib import admin

from core.forms import clean_text_form


def _with_clean_form(admin_class: type) -> type:
    return type(admin_class.__name__, (admin_class,), {"form": clean_text_form(admin_class.form)})


def with_clean_text_forms(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """A subclass of `admin_class` whose own and inline forms refuse unreadable text."""
    cleaned = _with_clean_form(admin_class)
    cleaned.inlines = [_with_clean_form(inline) for inline in admin_class.inlines]
    cleaned.__module__ = admin_class.__module__
    return cleaned
