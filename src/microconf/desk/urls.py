from django.urls import path

from microconf.desk import views

app_name = "desk"

desk = "<slug:conference_slug>/manage/desk/"
urlpatterns = [
    path("conferences/new/", views.new_conference, name="new-conference"),
    path(desk, views.desk, name="desk"),
    path(f"{desk}details/", views.details, name="details"),
    path(f"{desk}rooms/", views.rooms, name="rooms"),
    path(f"{desk}rooms/<int:pk>/", views.room, name="room"),
    path(f"{desk}rooms/<int:pk>/remove/", views.remove_room, name="remove-room"),
    path(f"{desk}tracks/", views.tracks, name="tracks"),
    path(f"{desk}tracks/<int:pk>/", views.track, name="track"),
    path(f"{desk}tracks/<int:pk>/remove/", views.remove_track, name="remove-track"),
    path(f"{desk}tracks/<int:pk>/runners/", views.add_runner, name="add-runner"),
    path(
        f"{desk}tracks/<int:pk>/runners/<int:person>/remove/",
        views.remove_runner,
        name="remove-runner",
    ),
    path(f"{desk}mails/", views.mail_templates, name="templates"),
    path(f"{desk}mails/<int:pk>/", views.mail_template, name="template"),
    path(
        f"{desk}mails/<int:pk>/remove/", views.remove_template, name="remove-template"
    ),
]
