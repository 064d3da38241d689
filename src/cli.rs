//! The command line: clap types, password sources and one file per subcommand.
