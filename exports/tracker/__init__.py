"""The recommendation tracker's files: its workbook, and the Report & Recommendation Response
Form in Word."""
