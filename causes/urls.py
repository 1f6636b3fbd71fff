from django.urls import path

from causes import views

app_name = "causes"

urlpatterns = [
    path("causes/", views.cause_list, name="list"),
    path("causes/<slug:slug>/", views.cause_detail, name="detail"),
    path("causes/<slug:slug>/questions/", views.ask_question, name="ask"),
]
