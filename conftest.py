"""Test set-up shared by every app: a throw-away data folder, users with roles, the demo facts."""

from __future__ import annotations

import os
import tempfile

os.environ["KAMPANYE_DATA_DIR"] = tempfile.mkdtemp(prefix="kampanye-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampanye.settings")

import pytest  # noqa: E402


@pytest.fixture
def make_user(db):
    """make_user(role, area_code=None, username=None) -> User with a Membership."""
    from django.contrib.auth import get_user_model

    from kampanye.areas.models import Area
    from kampanye.core.models import Membership

    def make(role: str, area_code: str | None = None, username: str | None = None):
        user = get_user_model().objects.create_user(
            username=username or f"{role}-{area_code or 'all'}", password="rahasia-kampanye-1"
        )
        area = Area.objects.get(code=area_code) if area_code else None
        Membership.objects.create(user=user, role=role, area=area)
        return user

    return make
