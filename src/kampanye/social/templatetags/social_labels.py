"""Names for the codes social rows carry (platform, sentiment, coordination signal), in the
page's language."""

from django import template

from kampanye.social.models import Platform, Sentiment
from kampanye.social.queries import KIND_NAMES

register = template.Library()

_PLATFORMS = dict(Platform.choices)
_SENTIMENTS = dict(Sentiment.choices)


@register.filter
def platform_name(code: str) -> str:
    return str(_PLATFORMS.get(code, code))


@register.filter
def sentiment_name(code: str) -> str:
    return str(_SENTIMENTS.get(code, code))


@register.filter
def kind_name(code: str) -> str:
    """A coordination signal's name (co_post → "teks sama")."""
    return str(KIND_NAMES.get(code, code))
