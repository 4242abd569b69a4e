"""Paper returns, the parts that need no database: serial numbers, the keying convention of the
entry screen, comparing two keyings, and the data-quality rules."""
