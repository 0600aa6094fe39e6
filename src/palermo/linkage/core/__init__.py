"""The pure linkage core: plain data in, plain data out; imports nothing from Django."""
