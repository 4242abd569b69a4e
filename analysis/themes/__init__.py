"""Free-text themes: codebooks, rule and trained theming, sentiment, anonymisation, emerging
themes, quotes, and the tables and agreement figures built from them."""
