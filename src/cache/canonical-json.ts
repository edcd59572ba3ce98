// One JSON spelling per value, whatever order the client wrote its keys in, so two identical requests hash to
// the same cache key. Object keys are sorted recursively; array order is kept (it is meaningful); undefined
// members are dropped, as JSON.stringify drops them.
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "null";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}
