from django.contrib import admin

from microconf.people.models import Person, TeamMembership


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "email"]
    search_fields = ["name", "affiliation", "email"]
    raw_id_fields = ["user"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "conference", "role", "track"]
    list_filter = ["conference", "role"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
