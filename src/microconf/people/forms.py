from django import forms
from django.utils.translation import gettext_lazy as _

from microconf.people.models import Person, TeamMembership


class SignupForm(forms.Form):
    """The fields allauth's sign-up adds to e-mail and password."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("As it should appear in the programme."),
    )
    affiliation = forms.CharField(
        label=_("Affiliation"), max_length=200, required=False
    )

    def signup(self, request: object, user: object) -> None:
        Person.objects.update_or_create(
            user=user,
            defaults={
                "name": self.cleaned_data["name"],
                "affiliation": self.cleaned_data["affiliation"],
                "email": user.email,
            },
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "affiliation", "bio"]
        labels = {"name": _("Name"), "affiliation": _("Affiliation"), "bio": _("Bio")}
        help_texts = {
            "bio": _("A few sentences, shown on the public programme (Markdown).")
        }

    def clean_bio(self) -> str:
        bio = self.cleaned_data["bio"]
        if len(bio) > 2000:
            raise forms.ValidationError(
                _("The bio is %(length)s characters long; the limit is 2000.")
                % {"length": len(bio)}
            )
        return bio


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address they signed up with"))
    role = forms.ChoiceField(label=_("Role"), choices=[])
    track = forms.ChoiceField(
        label=_("Track"),
        required=False,
        help_text=_("For reviewers: the track they review."),
    )

    def __init__(self, *args: object, tracks: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = TeamMembership.Role.choices
        self.fields["track"].choices = [("", "—"), *[(t.pk, t.name) for t in tracks]]
        self.tracks = {str(t.pk): t for t in tracks}
