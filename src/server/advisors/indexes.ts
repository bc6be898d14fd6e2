/**
 * Index arithmetic shared by the SQL advisors, pure: an index is redundant
 * when another valid index on the same table starts with the same columns
 * (same method, same predicate and expressions) and the smaller one enforces
 * nothing the larger does not (PgHero's duplicate_indexes rule); a foreign key
 * is indexed when some index's leading columns are exactly its columns.
 */
export interface IndexDef {
  schema: string;
  table: string;
  name: string;
  /** Column names in index order (expressions as their text). */
  columns: string[];
  unique: boolean;
  primary: boolean;
  valid: boolean;
  method: string;
  /** Partial index predicate / expression text, compared verbatim. */
  predicate?: string | null;
  expressions?: string | null;
  bytes?: number;
}

export interface Redundant {
  index: IndexDef;
  coveredBy: IndexDef;
}

function startsWith(longer: string[], shorter: string[]): boolean {
  return shorter.length <= longer.length && shorter.every((c, i) => longer[i] === c);
}

export function redundantIndexes(indexes: IndexDef[]): Redundant[] {
  const byTable = indexesByTable(indexes);
  const out: Redundant[] = [];
  for (const list of byTable.values()) {
    for (const a of list) {
      if (a.primary || !a.valid) continue;
      const cover = list.find((b) => {
        if (b === a || !b.valid || b.method !== a.method) return false;
        if ((b.predicate ?? null) !== (a.predicate ?? null) || (b.expressions ?? null) !== (a.expressions ?? null)) return false;
        if (!startsWith(b.columns, a.columns)) return false;
        if (a.unique) return b.unique && b.columns.length === a.columns.length;
        // Two identical ones: keep the first by name, report the other.
        if (b.columns.length === a.columns.length && b.unique === a.unique) return b.primary || b.name < a.name;
        return true;
      });
      if (cover) out.push({ index: a, coveredBy: cover });
    }
  }
  return out;
}

/** Indexes by table, for `hasLeadingIndex` on large catalogs. */
export function indexesByTable(indexes: IndexDef[]): Map<string, IndexDef[]> {
  const byTable = new Map<string, IndexDef[]>();
  for (const ix of indexes) {
    const key = `${ix.schema}\u0000${ix.table}`;
    const list = byTable.get(key);
    if (list) list.push(ix);
    else byTable.set(key, [ix]);
  }
  return byTable;
}

/** True when an index on the table leads with exactly these columns (in any order among the first n). */
export function hasLeadingIndex(indexes: IndexDef[] | Map<string, IndexDef[]>, schema: string, table: string, columns: string[]): boolean {
  const list = indexes instanceof Map ? (indexes.get(`${schema}\u0000${table}`) ?? []) : indexes;
  return list.some((ix) => {
    if (ix.schema !== schema || ix.table !== table || !ix.valid || ix.predicate) return false;
    const lead = ix.columns.slice(0, columns.length);
    return lead.length === columns.length && columns.every((c) => lead.includes(c));
  });
}
