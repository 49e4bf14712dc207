from django.urls import path

from microconf.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.conference_list, name="conference-list"),
    path("<slug:conference_slug>/", views.conference_home, name="conference"),
    path(
        "<slug:conference_slug>/tracks/<slug:track_slug>/",
        views.track_page,
        name="track",
    ),
    path(
        "<slug:conference_slug>/contributions/<slug:contribution_slug>/",
        views.contribution_page,
        name="contribution",
    ),
]
