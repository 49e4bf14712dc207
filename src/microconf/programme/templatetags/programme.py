from django import template
from django.utils.safestring import SafeString

from microconf.programme.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str) -> SafeString:
    return render_markdown(source)
