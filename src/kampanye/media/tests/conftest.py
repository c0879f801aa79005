"""The media tests' world: the volunteers' small Jakarta (two pairs) plus outlets."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kampanye.volunteers.tests.conftest import world  # noqa: F401


@pytest.fixture
def media(world):  # noqa: F811 (the fixture above)
    from kampanye.media.actions import save_outlet

    def outlet(name, kind, reach="national", owner="", audience=None, area_code=""):
        return save_outlet(
            {
                "name": name,
                "kind": kind,
                "reach": reach,
                "owner": owner,
                "audience": audience,
                "audience_basis": "uji" if audience is not None else "",
                "area_code": area_code,
            }
        )

    return SimpleNamespace(
        world=world,
        kompas=outlet("Kompas", "print", owner="Kompas Gramedia", audience=500_000),
        metro=outlet("Metro TV", "tv", owner="Media Group", audience=300_000),
        detik=outlet("detikcom", "online", owner="Trans Corp", audience=100_000),
        warta=outlet("Warta Kota", "print", "local", "Kompas Gramedia", 50_000, "31.75"),
    )


@pytest.fixture
def officer(world, make_user):  # noqa: F811
    """A media officer of the Jokowi–Basuki campaign, for the whole province."""
    from kampanye.core.models import Membership

    user = make_user("media_officer", username="media-jokowi")
    Membership.objects.filter(user=user).update(contestant=world.jokowi)
    return user
