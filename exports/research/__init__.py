"""Files for researchers: a questionnaire's answers one row per response, as a wide CSV, SPSS
.sav and Stata .dta with variable and value labels and declared missing values."""
