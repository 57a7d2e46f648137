"""Command-line tools (make_pdf, make_icons) and the kit the tests and the benchmarks share:
a local Chromium against a site served on 127.0.0.1 (local_browser) and a throw-away copy
of the project to build (project_copy)."""
