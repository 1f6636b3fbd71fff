from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.intake_list, name="list"),
    path("new/", views.intake_new, name="new"),
    path("<uuid:pk>/", views.intake_detail, name="detail"),
    path("<uuid:pk>/referral/", views.intake_referral, name="referral"),
    path("<uuid:pk>/answer/", views.intake_answer, name="answer"),
]

urlpatterns += [
    path("<uuid:pk>/outcome/", views.intake_outcome, name="outcome"),
    path("<uuid:pk>/fhir/", views.intake_fhir, name="fhir"),
    path("fhir/Questionnaire/foot-drop-intake", views.fhir_questionnaire, name="fhir_questionnaire"),
    path("audit/", views.audit, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
]
