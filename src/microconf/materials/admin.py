from django.contrib import admin

from microconf.materials.models import Material


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "contribution", "created"]
    list_filter = ["kind"]
    search_fields = ["title", "contribution__title"]
    raw_id_fields = ["contribution"]
