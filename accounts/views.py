"""Signing in: each kind of staff lands where their work is, and forms carried through an expired session come back."""

from django.contrib.auth.views import LoginView
from django.urls import reverse

from accounts.forms import SignInForm
from accounts.sign_in_hooks import CARRIES
from core.admin_site import may_enter_admin


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

    def carried(self):
        """Each registered carry (accounts.sign_in_hooks) with the reference this sign-in form carries for it."""
        post = self.request.POST if self.request.method == "POST" else {}
        return [(carry, reference) for carry in CARRIES if (reference := post.get(carry.field, ""))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for carry, reference in self.carried():
            context.update(carry.context(reference))
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        # What was carried comes back to its owner only; anyone else goes on to `next` (a blank form).
        for carry, reference in self.carried():
            if (resumed := carry.resume(self.request, reference)) is not None:
                return resumed
        return response
