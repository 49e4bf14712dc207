from django.contrib import admin

from microconf.conference.models import Conference, Room, Sponsor, SponsorTier, Track


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class SponsorTierInline(admin.TabularInline):
    model = SponsorTier
    extra = 0


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_date", "end_date", "timezone", "city"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug", "city"]
    inlines = [RoomInline, SponsorTierInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "capacity", "is_recorded"]
    list_filter = ["conference"]
    search_fields = ["name"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "kind", "position"]
    list_filter = ["conference", "kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["runners"]


class SponsorInline(admin.TabularInline):
    model = Sponsor
    extra = 0


@admin.register(SponsorTier)
class SponsorTierAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "position"]
    list_filter = ["conference"]
    inlines = [SponsorInline]


@admin.register(Sponsor)
class SponsorAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "url"]
    list_filter = ["tier__conference", "tier"]
    search_fields = ["name"]
