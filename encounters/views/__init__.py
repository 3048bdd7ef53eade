"""The encounter pages, one module per area."""
