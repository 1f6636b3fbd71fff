from django.urls import path

from causes import views

app_name = "causes"

urlpatterns = [
    path("causes/", views.CauseListView.as_view(), name="list"),
    path("causes/<slug:slug>/", views.CauseDetailView.as_view(), name="detail"),
    path("causes/<slug:slug>/questions/", views.ask_question, name="ask"),
]
