"""File formats over the services: the JSON interchange file, and later reports and calendars."""
