"""The demonstration's cast: any seed gives a world (bench-scale generates seeds 1, 2, ... until it
has enough words; seed 8 once drew a baby born after the last date a child could enter care)."""

import datetime as dt

import pytest

from deposit.demo.cast import World


@pytest.mark.parametrize("seed", range(1, 41))
def test_every_seed_builds_a_cast_whose_children_enter_care_after_birth(seed):
    world = World(seed)
    assert world.cases
    for case in world.cases:
        assert case.dob <= case.entered_care <= max(case.dob, dt.date(2013, 6, 30))
