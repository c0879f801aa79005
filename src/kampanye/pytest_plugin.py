"""Loaded first by pytest (``-p kampanye.pytest_plugin`` in pyproject): a throw-away data
folder, set before pytest-django reads the settings, so tests never write into ``var/``."""

import os
import tempfile

os.environ["KAMPANYE_DATA_DIR"] = tempfile.mkdtemp(prefix="kampanye-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampanye.settings")
