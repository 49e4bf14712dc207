from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from microconf.api.app import api
from microconf.programme import downloads, printing

admin.site.site_header = "microconf back office"
admin.site.site_title = "microconf"

urlpatterns = [
    # Browsers ask for it at the root whatever the page says.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("microconf/favicon.ico"), permanent=True),
    ),
    # Without CSRF: the form sits on public pages shared from the cache, which cannot
    # carry a visitor's token, and all it changes is the language cookie.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("microconf.exchange.urls")),
    path("", include("microconf.people.urls")),
    path("", include("microconf.cfp.urls")),
    path("", include("microconf.review.urls")),
    path("", include("microconf.notifications.urls")),
    path("", include("microconf.materials.urls")),
    path("", include("microconf.conference.urls")),
    path("", include("microconf.scheduling.urls")),
    path("", include("microconf.desk.urls")),
    path("", include((printing.urlpatterns, "print"))),
    path("", include((downloads.urlpatterns, "exports"))),
    path("", include("microconf.programme.urls")),
]
