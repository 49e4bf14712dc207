"""Checks on what people submit, shared by forms, the API and the services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_length(field: str, value: str, limit: int, label: str) -> None:
    if len(value) > limit:
        raise ValidationError(
            {
                field: _(
                    "%(label)s is %(length)s characters long; the limit is %(limit)s."
                )
                % {"label": label, "length": len(value), "limit": limit}
            },
            code="too_long",
        )


def validate_answers(questions: list, answers: dict[int, str]) -> dict[int, str]:
    """Check answers to the call's questions; return them cleaned, by question."""
    errors, cleaned = {}, {}
    for question in questions:
        field = f"question_{question.pk}"
        value = (answers.get(question.pk) or "").strip()
        if not value:
            if question.is_required:
                errors[field] = _("Please answer “%(question)s”.") % {
                    "question": question.text
                }
            continue
        if len(value) > question.max_length:
            errors[field] = _(
                "The answer is %(length)s characters long; the limit is %(limit)s."
            ) % {"length": len(value), "limit": question.max_length}
        elif question.kind == question.Kind.CHOICE and value not in question.options:
            errors[field] = _("Choose one of: %(choices)s.") % {
                "choices": ", ".join(question.options)
            }
        elif question.kind == question.Kind.YES_NO and value not in {"yes", "no"}:
            errors[field] = _("Answer yes or no.")
        elif question.kind == question.Kind.NUMBER and not value.isdigit():
            errors[field] = _("Give a whole number, such as 40.")
        cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors, code="bad_answer")
    return cleaned
