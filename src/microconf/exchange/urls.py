from django.urls import path

from microconf.exchange import views

app_name = "interchange"

urlpatterns = [
    path("manage/import/", views.import_schedule, name="import"),
]
