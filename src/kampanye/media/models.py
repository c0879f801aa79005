"""Models of the media front; built by its own issue."""
