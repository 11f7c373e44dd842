"""HTML pages and reports."""
