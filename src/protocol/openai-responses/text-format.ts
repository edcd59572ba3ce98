// Structured output: the Responses API flattens it into `text.format` ({type:"json_schema", name, schema,
// strict}), unlike Chat's nested response_format.json_schema. Both directions.
import { InvalidRequestError } from "../../errors/gateway-errors.ts";
import type { IrResponseFormat } from "../ir.ts";
import { asString, isObject } from "../json-values.ts";
import type { ResponsesTextFormat } from "./schema-types.ts";

export function decodeTextFormat(text: unknown): IrResponseFormat | undefined {
  if (text === undefined || text === null) return undefined;
  if (!isObject(text)) throw new InvalidRequestError("text must be an object", null, "text");
  const format = text.format;
  if (format === undefined || format === null) return undefined;
  if (!isObject(format)) throw new InvalidRequestError("text.format must be an object", null, "text.format");
  const type = format.type;
  if (type === "text" || type === "json_object") return { type };
  if (type !== "json_schema") {
    throw new InvalidRequestError("text.format.type must be text, json_object or json_schema", null, "text.format.type");
  }
  const name = asString(format.name);
  if (!name) throw new InvalidRequestError("text.format.name is required for json_schema", null, "text.format.name");
  if (!isObject(format.schema)) throw new InvalidRequestError("text.format.schema must be an object", null, "text.format.schema");
  const decoded: IrResponseFormat = { type: "json_schema", name, schema: format.schema };
  const description = asString(format.description);
  if (description !== undefined) decoded.description = description;
  if (typeof format.strict === "boolean") decoded.strict = format.strict;
  return decoded;
}

export function encodeTextFormat(format: IrResponseFormat): ResponsesTextFormat {
  if (format.type !== "json_schema") return { type: format.type };
  const encoded: ResponsesTextFormat = { type: "json_schema", name: format.name, schema: format.schema };
  if (format.description !== undefined) encoded.description = format.description;
  if (format.strict !== undefined) encoded.strict = format.strict;
  return encoded;
}
