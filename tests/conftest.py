import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never this machine's real keyring

pytest_plugins = ["tests.helpers.fixtures"]
