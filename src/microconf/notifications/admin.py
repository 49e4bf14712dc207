from django.contrib import admin

from microconf.notifications.models import MailTemplate, OutboxMail


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "conference", "subject"]
    list_filter = ["conference", "kind"]


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "kind", "state", "attempts", "sent_at"]
    list_filter = ["conference", "state", "kind"]
    search_fields = ["to_email", "subject"]
    readonly_fields = ["key", "state", "attempts", "last_error", "sent_at"]
