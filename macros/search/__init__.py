"""Search in one folder: what readers type for a page (terms.py), the jieba dictionary (dictionary.py),
the patches of the theme's search (theme_patches.py) and the rewrite of the built index (index.py)."""
