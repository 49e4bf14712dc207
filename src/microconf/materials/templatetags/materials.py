"""What a page that offers the materials form needs from the materials app."""

from django import template

from microconf.materials.models import Material

register = template.Library()


@register.simple_tag
def material_kinds() -> list[tuple[str, str]]:
    """The kinds of material, as (value, label) pairs for a select."""
    return Material.Kind.choices
