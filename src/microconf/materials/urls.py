from django.urls import path

from microconf.materials import views

app_name = "materials"

urlpatterns = [
    path(
        "<slug:conference_slug>/submissions/<int:pk>/materials/", views.add, name="add"
    ),
    path(
        "<slug:conference_slug>/materials/<int:pk>/remove/", views.remove, name="remove"
    ),
    path(
        "<slug:conference_slug>/materials/<int:pk>/<str:name>",
        views.download,
        name="download",
    ),
]
