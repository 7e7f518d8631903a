"""The site's own search, in one folder: how text becomes terms (analysis.py), the index of the validated
store and the pages' prose (build.py), a query against it as the browser runs it (query.py), what readers
type for a page (terms.py) and the jieba dictionary made from the data (dictionary.py). The browser side
is overrides/assets/javascripts/kb-search.js; the words readers use are data/synonyms.yaml."""
