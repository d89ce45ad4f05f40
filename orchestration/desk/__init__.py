"""The auditor's desk: per-department reports, workbook exports, reviews of findings and the
data dictionary, all read from the published warehouse (never written into it, except the
review columns the findings step joins in)."""
