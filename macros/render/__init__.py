"""Pure renderers: models in, Markdown out. No file access, no MkDocs import; every data value escaped."""
