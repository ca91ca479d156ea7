"""The text pass: detect identifiers per unit (parallel), merge into the collection's
registry (one place decides placeholders and propagates confirmed names), replace per unit."""
