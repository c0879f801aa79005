"""Names for the codes social rows carry (platform, sentiment), in the page's language."""

from django import template

from kampanye.social.models import Platform, Sentiment

register = template.Library()

_PLATFORMS = dict(Platform.choices)
_SENTIMENTS = dict(Sentiment.choices)


@register.filter
def platform_name(code: str) -> str:
    return str(_PLATFORMS.get(code, code))


@register.filter
def sentiment_name(code: str) -> str:
    return str(_SENTIMENTS.get(code, code))
