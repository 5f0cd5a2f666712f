import tracker.db.models  # noqa
from tracker.db.base import Base
import sqlalchemy as sa
out=[]
for t in Base.metadata.sorted_tables:
    out.append(f"### `{t.name}`\n")
    out.append("| field | type | required | notes |\n|---|---|---|---|")
    for c in t.columns:
        ty = c.type
        if isinstance(ty, sa.Enum):
            tn = "one of: " + ", ".join(f"`{e}`" for e in ty.enums)
        elif isinstance(ty, sa.Uuid): tn="id"
        elif isinstance(ty, sa.Date): tn="date `YYYY-MM-DD`"
        elif isinstance(ty, sa.Time): tn="time `HH:MM`"
        elif c.name in ("created_at","updated_at"): tn="UTC timestamp `YYYY-MM-DDTHH:MM:SS.ffffffZ`"
        elif isinstance(ty, sa.Boolean): tn="true/false"
        elif isinstance(ty, (sa.Integer,)): tn="integer"
        elif isinstance(ty, sa.String) and ty.length: tn=f"text (≤ {ty.length})"
        else: tn="text"
        req = "yes" if (not c.nullable and c.default is None and not c.primary_key) else ("key" if c.primary_key else "")
        notes = ", ".join(f"→ `{fk.column.table.name}`" for fk in c.foreign_keys)
        out.append(f"| `{c.name}` | {tn} | {req} | {notes} |")
    out.append("")
print("\n".join(out))
