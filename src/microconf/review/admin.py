from django.contrib import admin

from microconf.review.models import ConflictOfInterest, Review, ReviewAssignment, Score


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["contribution", "reviewer", "updated"]
    list_filter = ["contribution__conference"]
    inlines = [ScoreInline]
    raw_id_fields = ["contribution", "reviewer"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["contribution", "reviewer", "created"]
    raw_id_fields = ["contribution", "reviewer"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["user", "contribution", "reason", "created"]
    raw_id_fields = ["contribution", "user"]
