from django.urls import path

from microconf.review import views

app_name = "review"

urlpatterns = [
    path("<slug:conference_slug>/review/", views.dashboard, name="dashboard"),
    path("<slug:conference_slug>/review/conflicts/", views.conflicts, name="conflicts"),
    path(
        "<slug:conference_slug>/review/<slug:track_slug>/assign/",
        views.assign,
        name="assign",
    ),
    path(
        "<slug:conference_slug>/submissions/<int:pk>/review/",
        views.review,
        name="review",
    ),
]
