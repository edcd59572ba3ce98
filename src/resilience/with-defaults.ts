// Merges caller options over defaults while ignoring keys set to undefined, so an unset config value
// (`{ coolOffMs: undefined }`) keeps the default instead of erasing it.
export function withDefaults<T extends object>(defaults: T, options: Partial<T> = {}): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
