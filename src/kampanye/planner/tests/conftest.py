"""Fixtures of the planner tests: Jakarta 2012 in the database and a planner user."""

from __future__ import annotations

import pytest

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def jakarta(wilayah):
    from kampanye.elections.models import Election

    return Election.objects.get(slug="jakarta-2012")


@pytest.fixture
def jokowi(jakarta):
    return jakarta.contestants.get(short="Jokowi–Ahok")


@pytest.fixture
def manager(make_user):
    return make_user("manager", username="manajer")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
