"""Translations of the plugin's user-facing strings (Qt .ts sources, compiled .qm)."""
