"""The packaged templates as plain Python functions, one module per set (generated: see
`readiness.report.compiled_templates`)."""
