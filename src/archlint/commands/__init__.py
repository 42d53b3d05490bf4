"""One module per ``archlint`` subcommand; each is imported only when it runs."""
