from django.urls import path

from microconf.programme import offline, views

app_name = "programme"

urlpatterns = [
    path("", views.conference_list, name="conference-list"),
    path("<slug:conference_slug>/", views.conference_home, name="conference"),
    path("<slug:conference_slug>/timetable/", views.timetable, name="timetable-first"),
    path(
        "<slug:conference_slug>/timetable/<str:day>/",
        views.timetable,
        name="timetable",
    ),
    path(
        "<slug:conference_slug>/timetable/<str:day>/rooms/<int:room_id>/",
        views.timetable,
        name="timetable-rooms",
    ),
    path(
        "<slug:conference_slug>/timetable/<str:day>/all-rooms/",
        views.timetable,
        {"all_rooms": True},
        name="timetable-all-rooms",
    ),
    path("<slug:conference_slug>/tracks/", views.tracks_page, name="tracks"),
    path(
        "<slug:conference_slug>/manifest.webmanifest",
        offline.manifest,
        name="manifest",
    ),
    path(
        "<slug:conference_slug>/service-worker.js",
        offline.service_worker,
        name="service-worker",
    ),
    path("<slug:conference_slug>/offline.json", offline.offline_pages, name="offline"),
    path("<slug:conference_slug>/speakers/", views.speakers_page, name="speakers"),
    path(
        "<slug:conference_slug>/agenda/export.ics",
        views.agenda_export,
        name="agenda-export",
    ),
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
    path(
        "<slug:conference_slug>/speakers/<int:person_id>/",
        views.speaker_page,
        name="speaker",
    ),
    path("<slug:conference_slug>/search/", views.search_page, name="search"),
    path("<slug:conference_slug>/agenda/", views.agenda_page, name="agenda"),
    path("<slug:conference_slug>/agenda/stars/", views.stars, name="stars"),
    path(
        "<slug:conference_slug>/agenda/<str:token>.ics",
        views.agenda_feed,
        name="agenda-feed",
    ),
]
