"""The small world of the ledger tests: the core's CLI tests need its areas."""

import pytest

from kampanye.ledger.tests.ledger_world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()
