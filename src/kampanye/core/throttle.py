"""Rate limits for what anyone may call without logging in: the sign-up form, the log-in
form and shared links. A guessing script (phone numbers, passwords, click counts) is
answered "coba lagi nanti" with HTTP 429 after ``KAMPANYE_ANONYMOUS_RATE`` requests from one
address in ``WINDOW`` seconds.

Counts live in Django's cache (per process with the default local-memory cache; a shared
cache such as the database cache makes them hold across processes). The address is
``REMOTE_ADDR``: a forwarded-for header is the client's to write, so it is not trusted.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

WINDOW = 600  # seconds


def too_many(request, bucket: str, limit: int) -> bool:
    """Count this request in ``bucket``; True when the address has used up ``limit``."""
    key = f"throttle:{bucket}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, WINDOW)  # starts the window; a no-op while one runs
    try:
        n = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, WINDOW)
        n = 1
    return n > limit


def rate_limited(bucket: str, *, methods: tuple[str, ...] = ("POST",), times: int = 1):
    """Limit a view to ``times`` × ``KAMPANYE_ANONYMOUS_RATE`` requests (of ``methods``) per
    address per window; logged-in users are not limited."""

    def wrap(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            if (
                request.method in methods
                and not request.user.is_authenticated
                and too_many(request, bucket, settings.KAMPANYE_ANONYMOUS_RATE * times)
            ):
                return render(request, "core/too_many.html", status=429)
            return view(request, *args, **kwargs)

        return limited

    return wrap
