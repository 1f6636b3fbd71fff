"""The admin app, with the site's own admin site as its default."""

from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    default_site = "footdrop_site.admin.SiteAdminSite"
