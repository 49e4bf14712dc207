from django.contrib import admin

from microconf.people.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "email"]
    search_fields = ["name", "affiliation", "email"]
    raw_id_fields = ["user"]
