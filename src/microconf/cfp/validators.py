"""Checks on what people submit, shared by forms, the API and the services."""

from django.core.exceptions import ValidationError


def validate_length(field: str, value: str, limit: int, label: str) -> None:
    if len(value) > limit:
        raise ValidationError(
            {field: f"{label} is {len(value)} characters long; the limit is {limit}."},
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
                errors[field] = f"Please answer “{question.text}”."
            continue
        if len(value) > question.max_length:
            errors[field] = (
                f"The answer is {len(value)} characters long; the limit is "
                f"{question.max_length}."
            )
        elif question.kind == question.Kind.CHOICE and value not in question.options:
            errors[field] = f"Choose one of: {', '.join(question.options)}."
        elif question.kind == question.Kind.YES_NO and value not in {"yes", "no"}:
            errors[field] = "Answer yes or no."
        elif question.kind == question.Kind.NUMBER and not value.isdigit():
            errors[field] = "Give a whole number, such as 40."
        cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors, code="bad_answer")
    return cleaned
