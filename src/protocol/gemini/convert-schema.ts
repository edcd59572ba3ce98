// Gemini's `parameters` and `responseSchema` use Google's OpenAPI-subset Schema (uppercase enum types such as
// "OBJECT", `nullable`, `propertyOrdering`); every other format takes JSON Schema. This turns the former into
// the latter so a client's tool definitions survive the trip to any upstream.
import { isObject, type JsonObject } from "../json-values.ts";

/** Keys whose value is a map of name → schema. */
const schemaMapKeys = new Set(["properties", "$defs", "definitions"]);
/** Keys whose value is one schema. */
const schemaKeys = new Set(["items", "additionalProperties", "not"]);
/** Keys whose value is a list of schemas. */
const schemaListKeys = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
/** int64 fields, which proto JSON may carry as strings ("1"); JSON Schema wants numbers. */
const integerKeys = new Set(["minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"]);
/** Gemini-only keys with no JSON Schema meaning. */
const droppedKeys = new Set(["nullable", "propertyOrdering"]);

function convertType(type: unknown): unknown {
  if (typeof type === "string") return type === "TYPE_UNSPECIFIED" ? undefined : type.toLowerCase();
  if (Array.isArray(type)) return type.map((item) => (typeof item === "string" ? item.toLowerCase() : item));
  return type;
}

function withNull(type: unknown): unknown {
  if (typeof type === "string") return type === "null" ? type : [type, "null"];
  if (Array.isArray(type)) return type.includes("null") ? type : [...type, "null"];
  return type;
}

/** OpenAPI-subset Schema (or JSON Schema, which passes through unchanged apart from type case) → JSON Schema. */
export function toJsonSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (droppedKeys.has(key)) continue;
    if (key === "type") {
      const type = convertType(value);
      if (type !== undefined) out.type = type;
    } else if (schemaMapKeys.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toJsonSchema(child)]));
    } else if (schemaKeys.has(key)) {
      out[key] = toJsonSchema(value);
    } else if (schemaListKeys.has(key) && Array.isArray(value)) {
      out[key] = value.map(toJsonSchema);
    } else if (integerKeys.has(key) && typeof value === "string" && /^\d+$/.test(value)) {
      out[key] = Number(value);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (out.type !== undefined) out.type = withNull(out.type);
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: "null" }];
  }
  return out;
}

/** A tool's parameters as a JSON Schema object; a missing schema means "no parameters". */
export function toParametersSchema(schema: unknown): Record<string, unknown> {
  const converted = toJsonSchema(schema);
  return isObject(converted) ? converted : { type: "object", properties: {} };
}
