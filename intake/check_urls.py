from django.urls import path

from intake import check_views

app_name = "check"

urlpatterns = [
    path("", check_views.check_start, name="start"),
    path("questions/", check_views.check_question, name="question"),
]
