from django.urls import path

from microconf.cfp import views

app_name = "cfp"

urlpatterns = [
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:conference_slug>/cfp/", views.calls, name="calls"),
    path("<slug:conference_slug>/cfp/<slug:track_slug>/", views.call, name="call"),
    path(
        "<slug:conference_slug>/cfp/<slug:track_slug>/propose/",
        views.propose,
        name="propose",
    ),
    path(
        "<slug:conference_slug>/manage/cfp/<slug:track_slug>/",
        views.manage_call,
        name="manage-call",
    ),
    path("<slug:conference_slug>/manage/", views.manage, name="manage"),
    path("<slug:conference_slug>/manage/outbox/remind/", views.remind, name="remind"),
    path(
        "<slug:conference_slug>/submissions/<int:pk>/",
        views.submission,
        name="submission",
    ),
    path("<slug:conference_slug>/submissions/<int:pk>/edit/", views.edit, name="edit"),
    path(
        "<slug:conference_slug>/submissions/<int:pk>/state/",
        views.change,
        name="change",
    ),
    path(
        "<slug:conference_slug>/submissions/<int:pk>/invite/",
        views.invite,
        name="invite",
    ),
    path(
        "<slug:conference_slug>/submissions/<int:pk>/reopen/",
        views.reopen,
        name="reopen",
    ),
]
