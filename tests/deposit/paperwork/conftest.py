import pytest

from tests.deposit.packager.workfixture import make_work


@pytest.fixture
def work(tmp_path):
    """A fresh WORK folder, as anonymise and describe leave it."""
    return make_work(tmp_path)
