// Google's REST surface accepts proto field names in camelCase (what the SDKs and Gemini CLI send) and in
// snake_case (what many curl examples in Google's docs use). Decoders read through `field` to accept both.
import type { JsonObject } from "../json-values.ts";

const snakeNames = new Map<string, string>();

function snakeName(camelName: string): string {
  let name = snakeNames.get(camelName);
  if (name === undefined) {
    name = camelName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    snakeNames.set(camelName, name);
  }
  return name;
}

/** The value of `camelName` in `object`, or of its snake_case spelling when the camelCase one is absent. */
export function field(object: JsonObject, camelName: string): unknown {
  const value = object[camelName];
  if (value !== undefined) return value;
  return object[snakeName(camelName)];
}
