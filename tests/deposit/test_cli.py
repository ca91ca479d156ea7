"""The command line: one registry of commands, clear usage errors, exit codes."""

import subprocess
import sys

import pytest

from deposit.cli import COMMANDS


def test_help_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "deposit", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for name in COMMANDS:
        assert name in out.stdout


def test_unknown_command_is_a_usage_error():
    out = subprocess.run([sys.executable, "-m", "deposit", "frobnicate"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "error:" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_registered_command_has_its_module(name):
    import importlib

    module = importlib.import_module(COMMANDS[name][0])
    assert callable(module.add_arguments) and callable(module.run)
