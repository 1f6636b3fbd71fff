"""Site-wide views that belong to no app."""

import logging

from django.contrib.auth.views import LoginView
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from causes.generation import shared_cache_answers
from footdrop_site.admin_site import may_enter_admin
from footdrop_site.forms import SignInForm
from intake.kept_answers import REFERENCE_FIELD
from intake.views import kept_answers_context, resume_kept_answers

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """
    Tell a load balancer whether this app server can serve: the database and the cache, each
    reported. Only the database decides (503): without the cache, pages are served uncached.
    """
    database_ok = database_answers()
    body = {
        "status": "ok" if database_ok else "error",
        "database": "ok" if database_ok else "unavailable",
        "cache": "ok" if shared_cache_answers() else "unavailable",
    }
    return JsonResponse(body, status=200 if database_ok else 503)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False
    return True


class SiteLoginView(LoginView):
    """Sign-in that sends each kind of staff to where their work is, unless `next` says otherwise."""

    form_class = SignInForm

    def get_default_redirect_url(self):
        user = self.request.user
        # A clinical lead files no intakes: the audit is their work, not a list that offers a form they may not use.
        if user.has_perm("intake.view_audit") and not user.has_perm("intake.add_intake"):
            return reverse("intake:audit")
        if user.has_perm("intake.view_intake"):
            return reverse("intake:list")
        if may_enter_admin(user):
            return reverse("admin:index")
        return reverse("home")

    def kept_reference(self) -> str:
        """The reference to an intake's answers kept after the session ended, carried by this sign-in form."""
        return self.request.POST.get(REFERENCE_FIELD, "") if self.request.method == "POST" else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if reference := self.kept_reference():
            context.update(kept_answers_context(reference))
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        # The answers come back to their owner only; anyone else goes on to `next` (a blank form).
        return resume_kept_answers(self.request, self.kept_reference()) or response
