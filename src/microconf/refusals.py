"""One way from a refusal of the domain to the person who asked: never a 500.

Services and the lifecycle refuse with Django's ``ValidationError`` (one sentence,
a list, or sentences by field), the lifecycle's ``TransitionNotAllowed`` or
``PermissionDenied``. Pages hand what they catch to ``add_to_form`` or
``add_to_messages``; the API answers through ``api_answer``; and
``RefusalMiddleware`` turns one that no view caught into a 400 page that says it.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class TransitionNotAllowed(Exception):
    """The change is not in the table, or a rule of the call forbids it now.

    Raised by ``cfp.lifecycle``; defined here, below every app, so that any page
    can answer it without importing cfp.
    """


# What a service raises to say no. Pages show REFUSALS on the form or as messages;
# PermissionDenied stays Django's 403 page there, and the API answers all three.
Refusal = ValidationError | TransitionNotAllowed | PermissionDenied
REFUSALS = (ValidationError, TransitionNotAllowed)


def sentences(error: Refusal) -> list[str]:
    """Every sentence of the refusal, in order."""
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    return [str(error) or _("Your role does not allow this.")]


def by_field(error: Refusal) -> dict[str | None, list[str]]:
    """The refusal's sentences by the field they are about (None: the whole form)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return {
            (None if field == NON_FIELD_ERRORS else field): [str(m) for m in found]
            for field, found in error.message_dict.items()
        }
    return {None: sentences(error)}


def add_to_form(
    form: forms.BaseForm, error: Refusal, request: HttpRequest | None = None
) -> None:
    """Show the refusal on the form, beside its field when the form has it.

    Given the request, sentences about no field of the form become messages.
    """
    for field, found in by_field(error).items():
        target = field if field in form.fields else None
        for sentence in found:
            if target is None and request is not None:
                messages.error(request, sentence)
            else:
                form.add_error(target, sentence)


def add_to_messages(request: HttpRequest, error: Refusal) -> None:
    """Show the refusal as messages on the next page."""
    for sentence in sentences(error):
        messages.error(request, sentence)


def status_of(error: Refusal) -> int:
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, TransitionNotAllowed):
        return 409
    return 400


def api_answer(error: Refusal) -> tuple[int, dict]:
    """The status and body the API answers a refusal with."""
    return status_of(error), {
        "message": " ".join(sentences(error)),
        "errors": {field or "": found for field, found in by_field(error).items()},
    }


class RefusalMiddleware:
    """A refusal no view caught still reaches the person as a sentence, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, REFUSALS):  # PermissionDenied: Django's 403
            return None
        return render(
            request,
            "refused.html",
            {"sentences": sentences(exception)},
            status=status_of(exception),
        )
