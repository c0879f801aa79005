"""Models of the planner front; built by its own issue."""
