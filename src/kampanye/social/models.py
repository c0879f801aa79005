"""Models of the social front; built by its own issue."""
