"""Models of the intel front; built by its own issue."""
