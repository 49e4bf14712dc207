from django.urls import path

from microconf.people import views

app_name = "people"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile, name="profile"),
    path("me/tokens/", views.create_token, name="create-token"),
    path("me/tokens/<int:pk>/delete/", views.delete_token, name="delete-token"),
    path("<slug:conference_slug>/manage/team/", views.team, name="team"),
    path(
        "<slug:conference_slug>/manage/team/<int:pk>/remove/",
        views.remove_member,
        name="remove-member",
    ),
]
