from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    default_site = "footdrop_site.admin_site.FootDropAdminSite"
