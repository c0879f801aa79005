"""API authentication: bearer tokens (``ApiToken``) or the browser session with CSRF."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from kampanye.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        digest = ApiToken.digest_of(token)
        found = ApiToken.live().select_related("user").filter(digest=digest).first()
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuthCSRF(SessionAuth):
    csrf = True
