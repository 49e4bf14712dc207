"""Every refusal of a service reaches the person as a sentence: forms, pages, API."""

import json

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from microconf.api.app import api
from microconf.cfp.lifecycle import TransitionNotAllowed
from microconf.refusals import RefusalMiddleware, add_to_form, by_field


class NameForm(forms.Form):
    name = forms.CharField()


def _bound() -> NameForm:
    form = NameForm({"name": "x"})
    form.is_valid()
    return form


def test_a_plain_sentence_goes_to_the_whole_form():
    form = _bound()

    add_to_form(form, ValidationError("Only submitted contributions are reviewed."))

    assert form.non_field_errors() == ["Only submitted contributions are reviewed."]


def test_sentences_by_field_go_beside_their_field_or_to_the_whole_form():
    form = _bound()

    add_to_form(form, ValidationError({"name": "Too short.", "other": "Elsewhere."}))

    assert form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == ["Elsewhere."]


def test_a_transition_refusal_is_a_sentence_too():
    assert by_field(TransitionNotAllowed("The call is closed.")) == {
        None: ["The call is closed."]
    }


def test_a_refusal_no_view_caught_is_a_page_with_its_sentence(rf: RequestFactory, db):
    request = rf.post("/x/")
    middleware = RefusalMiddleware(lambda r: None)

    answers = {
        kind: middleware.process_exception(request, error)
        for kind, error in {
            "invalid": ValidationError("The slot is taken."),
            "transition": TransitionNotAllowed("A withdrawn talk cannot be accepted."),
        }.items()
    }

    assert answers["invalid"].status_code == 400
    assert "The slot is taken." in answers["invalid"].content.decode()
    assert answers["transition"].status_code == 409
    assert middleware.process_exception(request, PermissionDenied()) is None
    assert middleware.process_exception(request, KeyError("x")) is None


def test_the_api_answers_a_service_refusal_with_its_sentences(rf: RequestFactory):
    request = rf.get("/api/v1/x")
    error = ValidationError({"email": "sam@example.org has already been invited."})

    response = api.on_exception(request, error)

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "message": "sam@example.org has already been invited.",
        "errors": {"email": ["sam@example.org has already been invited."]},
    }
