"""Site-wide views that belong to no app."""

import logging

from django.contrib.auth.views import LoginView
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from footdrop_site.admin_site import may_enter_admin
from footdrop_site.forms import SignInForm
from intake.kept_answers import REFERENCE_FIELD
from intake.views import kept_answers_context, resume_kept_answers

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """Tell a load balancer whether this app server can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


class SiteLoginView(LoginView):
    """Sign-in that sends each kind of staff to where their work is, unless `next` says otherwise."""

    form_class = SignInForm

    def get_default_redirect_url(self):
        user = self.request.user
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
