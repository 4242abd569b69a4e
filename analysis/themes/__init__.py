"""Free-text themes: codebooks, rule and trained theming, sentiment, anonymisation, discovery, quotes."""
