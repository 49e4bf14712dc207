from django.contrib import admin

from microconf.cfp.models import Authorship, Contribution
from microconf.materials.models import Material


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ["person"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["title", "track", "kind", "state", "duration", "room", "start"]
    list_filter = ["conference", "kind", "state", "track"]
    search_fields = ["title", "abstract"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["track", "room"]
    inlines = [AuthorshipInline, MaterialInline]
