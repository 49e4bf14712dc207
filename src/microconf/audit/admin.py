from django.contrib import admin

from microconf.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "created",
        "conference",
        "contribution",
        "actor",
        "action",
        "to_state",
    ]
    list_filter = ["conference", "action"]

    # The log is a record: nobody edits or deletes it.
    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
