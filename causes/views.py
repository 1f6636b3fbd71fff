"""Public encyclopedia pages: home, the list of causes (with search) and one cause."""

from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView

from causes.cache import cache_public_page
from causes.markdown import render_markdown
from causes.models import SECTIONS, Cause, Level, Urgency
from causes.search import clean_query, search_causes

LEVEL_ORDER = {level: position for position, level in enumerate(Level.values)}


@method_decorator(cache_public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "causes/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["emergency_causes"] = Cause.objects.published().filter(urgency=Urgency.EMERGENCY).only("name", "slug")
        context["levels"] = Level.choices
        return context


@method_decorator(cache_public_page, name="dispatch")
class CauseListView(ListView):
    """All published causes grouped by level from brain to muscle, or the results of a search."""

    template_name = "causes/cause_list.html"
    context_object_name = "causes"
    paginate_by = 50

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        causes = Cause.objects.published().only("name", "slug", "summary", "level", "urgency")
        if self.query:
            return search_causes(causes, self.query)
        return sorted(causes, key=lambda cause: (LEVEL_ORDER[cause.level], cause.name))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["searching"] = "q" in self.request.GET
        return context


@method_decorator(cache_public_page, name="dispatch")
class CauseDetailView(DetailView):
    template_name = "causes/cause_detail.html"
    context_object_name = "cause"

    def get_queryset(self):
        return Cause.objects.published()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **cause_article_context(self.object)}


def cause_article_context(cause: Cause) -> dict:
    """What a cause page shows besides the cause itself; shared with the admin's preview."""
    latest_edit = cause.history.filter(history_user__isnull=False).select_related("history_user").first()
    return {
        "sections": [
            (field, heading, render_markdown(getattr(cause, field)))
            for field, heading in SECTIONS
            if getattr(cause, field)
        ],
        "references": render_markdown(cause.references),
        "edited_by": latest_edit.history_user if latest_edit else None,
        "related_causes": Cause.objects.published()
        .filter(level=cause.level)
        .exclude(pk=cause.pk)
        .only("name", "slug")[:6],
    }
