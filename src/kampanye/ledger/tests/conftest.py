"""Fixtures of the core tests: the small ledger world described in ``ledger_world``."""

import pytest

from kampanye.ledger.tests.ledger_world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def empty_world(db) -> World:
    return build_world(record=False)


@pytest.fixture
def manager(world, make_user):
    """A campaign manager without an area limit (sees the whole ledger)."""
    return make_user("manager")
