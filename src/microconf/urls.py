from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "microconf back office"
admin.site.site_title = "microconf"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("microconf.people.urls")),
    path("", include("microconf.cfp.urls")),
    path("", include("microconf.review.urls")),
    path("", include("microconf.notifications.urls")),
    path("", include("microconf.programme.urls")),
]
