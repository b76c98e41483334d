"""The commands of the command line, one module each: each parses its options, calls the
importable core and prints the answer. `readiness.cli` assembles them into the application;
`_common` holds the option types, the printing helpers and the exit codes they share."""
