"""A service evaluation's files: the workbook of numbered tables, and the report in HTML and
Word with its charts."""
