import secrets

from django import forms
from django.core.validators import validate_email
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from microconf.cfp.models import CallForProposals, Question, SubmissionType
from microconf.cfp.services import Proposal
from microconf.review.models import ReviewCriterion


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except forms.ValidationError:
        return False
    return True


def _question_field(question: Question) -> forms.Field:
    common = {"label": question.text, "required": question.is_required,
              "help_text": question.help_text}  # fmt: skip
    if question.kind == Question.Kind.CHOICE:
        return forms.ChoiceField(
            choices=[("", "—"), *[(o, o) for o in question.options]], **common
        )
    if question.kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common
        )
    if question.kind == Question.Kind.NUMBER:
        return forms.IntegerField(min_value=0, **common)
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=question.max_length,
        **common,
    )


class ProposalForm(forms.Form):
    """A proposal to one call: its fixed fields plus the call's own questions."""

    title = forms.CharField(label=_("Title"))
    abstract = forms.CharField(
        label=_("Abstract"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: blank lines between paragraphs, “- ” for list items."),
    )
    # A fresh token per form shown: posting the same form twice makes one proposal.
    submission_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )

    def __init__(self, *args: object, cfp: CallForProposals, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.cfp = cfp
        self.fields["submission_key"].initial = secrets.token_urlsafe(24)
        self.fields["title"].max_length = cfp.title_max_length
        self.fields["title"].widget.attrs["maxlength"] = cfp.title_max_length
        types = list(cfp.submission_types.all())
        if types:
            self.fields["submission_type"] = forms.ChoiceField(
                label=_("Type"),
                choices=[(t.pk, str(t)) for t in types],
            )
        if cfp.track.kind == "proposals":
            self.fields["possible_topics"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 6}), label=_("Possible topics"),
                help_text=_("One topic a line."), max_length=5000,
            )  # fmt: skip
            self.fields["runner_emails"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 3}), required=False,
                label=_("Other proposed runners"),
                help_text=_("E-mail addresses, one a line; each gets an invitation."),
            )  # fmt: skip
            self.fields["expected_attendance"] = forms.IntegerField(
                min_value=1, max_value=5000, label=_("Expected attendance"),
                help_text=_("How many people you expect in the room."),
            )  # fmt: skip
        self.questions = list(cfp.questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)

    def clean_runner_emails(self) -> tuple[str, ...]:
        lines = self.cleaned_data.get("runner_emails", "").replace(",", "\n").split()
        emails = tuple(
            dict.fromkeys(line.strip().lower() for line in lines if line.strip())
        )
        bad = [e for e in emails if not _is_email(e)]
        if bad:
            raise forms.ValidationError(
                _("“%(address)s” is not an e-mail address.") % {"address": bad[0]}
            )
        if len(emails) > 10:
            raise forms.ValidationError(_("Propose at most ten other runners."))
        return emails

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        return Proposal(
            title=data["title"],
            abstract=data["abstract"],
            submission_type_id=int(data.get("submission_type") or 0) or None,
            expected_attendance=data.get("expected_attendance"),
            possible_topics=data.get("possible_topics", ""),
            runner_emails=data.get("runner_emails") or (),
            submission_key=data.get("submission_key") or "",
            answers={
                q.pk: str(data.get(f"question_{q.pk}") or "") for q in self.questions
            },
        )


class StateChangeForm(forms.Form):
    to = forms.CharField()
    reason = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    # A decision is asked once more before it is made (cfp/confirm_decision.html).
    confirmed = forms.BooleanField(required=False)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person to invite"))


class DateAndTimeWidget(forms.SplitDateTimeWidget):
    """A date picker and a 24-hour "HH:MM" box (browsers' time inputs follow
    the viewer's locale, so "2:30 PM" in the US)."""

    template_name = "cfp/_date_and_time.html"

    def __init__(self) -> None:
        super().__init__(
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date"},
            time_attrs={
                "inputmode": "numeric", "pattern": "[0-2][0-9]:[0-5][0-9]",
                "placeholder": _("HH:MM"), "size": "5", "class": "time-input",
            },
        )  # fmt: skip


class DateAndTimeField(forms.SplitDateTimeField):
    widget = DateAndTimeWidget

    def __init__(self, **kwargs: object) -> None:
        super().__init__(input_time_formats=["%H:%M"], **kwargs)


class CallForm(forms.ModelForm):
    """The dates of a call, entered and shown in the conference's timezone."""

    opens_at = DateAndTimeField(label=_("Opens"))
    closes_at = DateAndTimeField(
        label=_("Closes"), help_text=_("Nothing is accepted from this minute on.")
    )

    class Meta:
        model = CallForProposals
        fields = [
            "introduction", "opens_at", "closes_at", "title_max_length",
            "abstract_max_length", "is_review_anonymised",
        ]  # fmt: skip
        labels = {
            "introduction": _("Introduction"),
            "title_max_length": _("Longest title (characters)"),
            "abstract_max_length": _("Longest abstract (characters)"),
            "is_review_anonymised": _("Anonymised review"),
        }
        help_texts = {
            "introduction": _("Markdown, shown on the call's public page."),
        }

    def __init__(self, *args: object, timezone_name: str = "", **kwargs: object):
        super().__init__(*args, **kwargs)
        if timezone_name:
            for name in ("opens_at", "closes_at"):
                own = str(self.fields[name].help_text)
                how = _("Date, then the time as HH:MM (24-hour), in %(tz)s.") % {
                    "tz": timezone_name
                }
                self.fields[name].help_text = f"{own} {how}".strip()

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        return data


class _CallPartFormSet(forms.BaseInlineFormSet):
    """Rows of a call's types, questions or criteria, with labels in words."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")


MAX_ROWS_PER_SET = 50
PART_LABELS = {
    "name": _("Name"),
    "default_duration": _("Length (minutes)"),
    "position": _("Order"),
    "text": _("Question"),
    "help_text": _("Help shown under it"),
    "kind": _("Answer"),
    "choices": _("Choices (one a line)"),
    "is_required": _("An answer is required"),
    "max_length": _("Longest answer (characters)"),
    "min_score": _("Lowest score"),
    "max_score": _("Highest score"),
}


def call_formsets(data: object, cfp: CallForProposals) -> dict[str, forms.BaseFormSet]:
    """Submission types, questions and review criteria of a call, each a formset."""
    specs = {
        "types": (SubmissionType, ["name", "default_duration", "position"]),
        "questions": (
            Question,
            [
                "text",
                "help_text",
                "kind",
                "choices",
                "is_required",
                "max_length",
                "position",
            ],
        ),
        "criteria": (ReviewCriterion, ["name", "min_score", "max_score", "position"]),
    }
    return {
        # A call needs a few of each; without a cap a posted TOTAL_FORMS of a
        # million made Django build and render 2,000 forms per set (over a minute).
        prefix: inlineformset_factory(
            CallForProposals,
            model,
            fields=fields,
            extra=1,
            can_delete=True,
            max_num=MAX_ROWS_PER_SET,
            absolute_max=MAX_ROWS_PER_SET,
            validate_max=True,
            formset=_CallPartFormSet,
            labels=PART_LABELS,
            help_texts={"position": _("Lower comes first.")},
        )(data, instance=cfp, prefix=prefix)
        for prefix, (model, fields) in specs.items()
    }
