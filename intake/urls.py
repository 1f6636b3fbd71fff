from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.intake_list, name="list"),
    path("new/", views.intake_new, name="new"),
    path("<uuid:pk>/", views.intake_detail, name="detail"),
    path("<uuid:pk>/referral/", views.intake_referral, name="referral"),
]
