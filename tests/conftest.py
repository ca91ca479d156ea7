"""The whole suite runs the problem catalogue strict: a site asking for a code that is not in
manifests/problems.yaml, or giving a field its message does not declare, fails the test that
reaches it instead of showing a user a '?' (manifests/problems.py). Set in the environment so
that commands the tests run in a subprocess are strict too."""

import os

from manifests.problems import STRICT_ENV

os.environ[STRICT_ENV] = "1"
