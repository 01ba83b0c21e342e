// Sessions as lists show them (`tracebase sessions`, the dashboard's list): each subagent right under the session that ran it.
// Pure: the CLI and the web app both use it.

/**
 * Sessions with each subagent right under the session that ran it (at any depth), otherwise in
 * the given order; `depth` 0 for a session whose parent is not in the list.
 */
export function underParents<T extends { id: string; parentId: string | null; isSubagent: boolean }>(rows: readonly T[]): { row: T; depth: number }[] {
  const listed = new Set(rows.map((r) => r.id));
  const children = new Map<string, T[]>();
  for (const r of rows) {
    if (!r.isSubagent || !r.parentId || !listed.has(r.parentId) || r.parentId === r.id) continue;
    children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  }
  const out: { row: T; depth: number }[] = [];
  const placed = new Set<string>();
  const place = (r: T, depth: number) => {
    if (placed.has(r.id)) return;
    placed.add(r.id);
    out.push({ row: r, depth });
    for (const c of children.get(r.id) ?? []) place(c, depth + 1);
  };
  for (const r of rows) if (!(r.isSubagent && r.parentId && listed.has(r.parentId))) place(r, 0);
  // (A cycle of parents, which no transcript should make: listed as found.)
  for (const r of rows) place(r, 0);
  return out;
}
