"""The calendar page and its views, one module each: `page` (navigation and filters),
`reading` (loading a period's items), `moving` (dragging an item to another day or hour),
`week`, `month`, `agenda`, `common` (item texts, the painted view), `colours` (fills readable
on the palette) and `layout` (the geometry of blocks and bars, plain Python)."""
