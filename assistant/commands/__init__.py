"""The `cruxmap` commands, one module per concern; `assistant.cli` assembles them."""
