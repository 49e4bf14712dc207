from django.urls import path

from microconf.conference import views

app_name = "conference"

urlpatterns = [
    # Logos are public and small; uploads of materials go through their own view.
    path("media/sponsors/<str:name>", views.logo, name="logo"),
    path("<slug:conference_slug>/manage/sponsors/", views.sponsors, name="sponsors"),
    path(
        "<slug:conference_slug>/manage/sponsors/<int:pk>/remove/",
        views.remove_sponsor,
        name="remove-sponsor",
    ),
]
