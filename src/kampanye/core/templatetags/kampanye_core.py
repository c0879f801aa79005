"""Template tags of the foundation, for every app's templates."""

from __future__ import annotations

import datetime as dt

from django import template

from kampanye.core.queries import QueueWait, queue_wait

register = template.Library()


@register.inclusion_tag("core/_queue_wait.html")
def waiting_for(queued_at: dt.datetime) -> dict[str, QueueWait]:
    """What a queued job waits for, in words: the worker, or the jobs before it."""
    return {"wait": queue_wait(queued_at)}
