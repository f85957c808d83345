"""Store, results document, output formats and rendering: everything after the audits. Reads only the store, never
re-crawls."""
