from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "microconf back office"
admin.site.site_title = "microconf"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("microconf.programme.urls")),
]
