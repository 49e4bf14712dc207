from django.contrib import admin
from django.db import transaction

from microconf.audit.services import record
from microconf.notifications.models import MailTemplate, OutboxMail


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "conference", "subject"]
    list_filter = ["conference", "kind"]

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        record(
            "mail-template", by=request.user, conference=obj.conference,
            data={"kind": obj.kind, "changed": list(form.changed_data)},
        )  # fmt: skip


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "kind", "state", "attempts", "sent_at"]
    list_filter = ["conference", "state", "kind"]
    search_fields = ["to_email", "subject"]
    readonly_fields = ["key", "state", "attempts", "last_error", "sent_at"]
