"""The schedule solver: pure Python and OR-Tools, no Django."""
