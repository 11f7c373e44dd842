"""Station observations: reading, fusion (GDA/GRA), hold-out, validation."""
