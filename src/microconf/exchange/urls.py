from django.urls import path

from microconf.exchange import views

app_name = "interchange"

urlpatterns = [
    path("manage/import/", views.import_schedule, name="import"),
    path("manage/import/<int:run_id>/", views.import_run, name="run"),
]
