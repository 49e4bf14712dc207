from django.urls import path

from microconf.notifications import views

app_name = "notifications"

urlpatterns = [
    path("<slug:conference_slug>/manage/outbox/", views.outbox_list, name="outbox"),
    path("<slug:conference_slug>/manage/outbox/send/", views.send, name="send"),
    path("<slug:conference_slug>/manage/outbox/<int:pk>/", views.edit, name="edit"),
]
