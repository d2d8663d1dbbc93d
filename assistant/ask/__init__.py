"""The ask graph: cross-literature answers built only from verified quotes."""
