"""The plugin's version, read from its metadata.txt (stored in model files and checkpoints)."""
import os

METADATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "metadata.txt")


def plugin_version():
    """The plugin's version from metadata.txt ('' when not found)."""
    try:
        with open(METADATA, encoding="utf-8") as f:
            for line in f:
                if line.startswith("version="):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""
