from django.urls import path

from kehoach.reports import views

app_name = "reports"
urlpatterns = [
    path("tong-quan/", views.agency_dashboard, name="agency-dashboard"),
    path("ke-hoach/<int:pk>/tong-quan/", views.plan_dashboard, name="plan-dashboard"),
    path("don-vi/<int:pk>/tong-quan/", views.unit_dashboard, name="unit-dashboard"),
]
