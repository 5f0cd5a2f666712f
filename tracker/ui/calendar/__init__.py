"""The calendar page and its views, one module each: `page` (navigation, filters, loading,
moving), `week`, `month`, `agenda`, `common` (colours, item texts, the painted view) and
`layout` (the geometry of blocks and bars, plain Python)."""
