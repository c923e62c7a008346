"""One module per ``committed`` subcommand (see committed.cli)."""
