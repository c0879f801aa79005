"""Models of the ground front; built by its own issue."""
