"""What every file upload of the dashboard shares: reading CSV/XLSX as text, templates, checks and French errors."""
