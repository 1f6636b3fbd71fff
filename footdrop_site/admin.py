"""
Admin mixins that make every admin form refuse unreadable text.

The site's admin site (footdrop_site.admin_site) gives each model admin `CleanTextAdminMixin`,
so its change form, its inline forms and its list-editable forms all refuse U+FFFD and control
characters on their text fields (footdrop_site.forms).
"""

from footdrop_site.forms import clean_text_form, with_mixin


class CleanTextFormsetMixin:
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = clean_text_form(formset.form)
        return formset


class CleanTextAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        return clean_text_form(super().get_form(request, obj, change=change, **kwargs))

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        formset.form = clean_text_form(formset.form)
        return formset

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.__class__ = with_mixin(CleanTextFormsetMixin, inline.__class__)
        return inlines
