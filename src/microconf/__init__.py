"""microconf: runs conferences made of microconferences."""

__version__ = "0.1.0"
