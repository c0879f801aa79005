"""Models of the strategy front; built by its own issue."""
