"""The ``nianbao`` command line: one small module per command group."""
