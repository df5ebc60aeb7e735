"""The programme dashboard: the indicators the funder asks for, with filters, charts and CSV."""
