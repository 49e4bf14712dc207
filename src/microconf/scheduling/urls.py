from django.urls import path

from microconf.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("<slug:conference_slug>/changelog/", views.changelog, name="changelog"),
    path("<slug:conference_slug>/manage/release/", views.release, name="release"),
]
