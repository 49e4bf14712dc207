from django.urls import path

from microconf.scheduling import views

app_name = "scheduling"

manage = "<slug:conference_slug>/manage/schedule/"
urlpatterns = [
    path("<slug:conference_slug>/changelog/", views.changelog, name="changelog"),
    path("<slug:conference_slug>/manage/release/", views.release, name="release"),
    path(manage, views.schedule_board, name="board"),
    path(f"{manage}check/", views.check_change, name="check"),
    path(f"{manage}move/", views.move, name="move"),
    path(f"{manage}swap/", views.swap, name="swap"),
    path(f"{manage}pin/", views.pin, name="pin"),
    path(f"{manage}discard/", views.discard, name="discard"),
    path(f"{manage}availability/", views.availability, name="availability"),
    path(f"{manage}solve/", views.start_solve, name="solve"),
    path(f"{manage}runs/<int:run_id>/", views.run_status, name="run"),
    path(f"{manage}interest/", views.import_interest, name="interest"),
    path(f"{manage}builds/<int:number>/", views.build_status, name="build"),
    path(f"{manage}builds/<int:number>/rebuild/", views.rebuild, name="rebuild"),
    path(f"{manage}builds/<int:number>/site.zip", views.release_site, name="site"),
]
