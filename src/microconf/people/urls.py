from django.urls import path

from microconf.people import views

app_name = "people"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile, name="profile"),
    path("<slug:conference_slug>/manage/team/", views.team, name="team"),
    path(
        "<slug:conference_slug>/manage/team/<int:pk>/remove/",
        views.remove_member,
        name="remove-member",
    ),
]
