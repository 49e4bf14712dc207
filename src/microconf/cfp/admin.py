from django.contrib import admin

from microconf.cfp.models import (
    Authorship,
    CallForProposals,
    Contribution,
    Invitation,
    Question,
    SubmissionType,
)
from microconf.materials.models import Material
from microconf.review.models import ReviewCriterion


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
    # State changes go through the lifecycle (the submission page), never a form field.
    readonly_fields = ["state", "microconference"]
    inlines = [AuthorshipInline, MaterialInline]


class SubmissionTypeInline(admin.TabularInline):
    model = SubmissionType
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class CriterionInline(admin.TabularInline):
    model = ReviewCriterion
    extra = 0


@admin.register(CallForProposals)
class CallForProposalsAdmin(admin.ModelAdmin):
    list_display = ["track", "opens_at", "closes_at", "is_review_anonymised"]
    list_filter = ["track__conference"]
    inlines = [SubmissionTypeInline, QuestionInline, CriterionInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "contribution", "role", "created", "accepted_at"]
    search_fields = ["email", "contribution__title"]
    readonly_fields = ["token"]
