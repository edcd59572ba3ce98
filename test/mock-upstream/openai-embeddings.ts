// Route handler for `POST /v1/embeddings`: deterministic vectors derived from each input text, returned as float
// arrays or, with `encoding_format: "base64"`, as base64 of little-endian float32 bytes exactly like OpenAI.
// Every value is k/1024, which float32 represents exactly, so float and base64 answers decode to equal numbers.

import type { HandlerContext } from "./handler-context.ts";
import { isJsonObject, readString } from "./json-guards.ts";
import { respondToCommonScenario } from "./openai-common-scenarios.ts";
import { invalidRequestResponse } from "./openai-errors.ts";
import { parseScenario } from "./scenarios.ts";
import { countWords } from "./text-pieces.ts";

const defaultDimensions = 8;
const maximumDimensions = 3072;

/** One embedding input: its text (for hashing) and its token count (for usage). */
type EmbeddingInput = { text: string; tokens: number };

export async function handleEmbeddings(context: HandlerContext): Promise<Response> {
  const body = context.body;
  if (!isJsonObject(body)) return invalidRequestResponse("The request body must be a JSON object.", null);
  const model = readString(body, "model");
  if (model === undefined || model.length === 0) {
    return invalidRequestResponse("you must provide a model parameter", null);
  }
  const inputs = readInputs(body["input"]);
  if (inputs === undefined) {
    return invalidRequestResponse(
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      null,
    );
  }

  const scenario = parseScenario(model);
  const scenarioResponse = await respondToCommonScenario(scenario, model, context, false);
  if (scenarioResponse !== undefined) return scenarioResponse;

  const dimensions = readDimensions(body["dimensions"]);
  const useBase64 = body["encoding_format"] === "base64" && scenario.kind !== "embed-floats-only";
  const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);

  return Response.json({
    object: "list",
    data: inputs.map((input, index) => {
      const vector = embeddingOf(input.text, dimensions);
      return { object: "embedding", index, embedding: useBase64 ? float32Base64(vector) : vector };
    }),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

/** Accepts what OpenAI accepts: a string, strings, a token array, or token arrays. */
function readInputs(input: unknown): EmbeddingInput[] | undefined {
  const fromText = (text: string): EmbeddingInput => ({ text, tokens: Math.max(1, countWords(text)) });
  const fromTokens = (tokens: number[]): EmbeddingInput => ({ text: tokens.join(","), tokens: tokens.length });
  const isTokenArray = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item));

  if (typeof input === "string") return [fromText(input)];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (isTokenArray(input)) return [fromTokens(input)];
  const inputs: EmbeddingInput[] = [];
  for (const item of input) {
    if (typeof item === "string") inputs.push(fromText(item));
    else if (isTokenArray(item)) inputs.push(fromTokens(item));
    else return undefined;
  }
  return inputs;
}

function readDimensions(value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value) && value > 0 && value <= maximumDimensions) return value;
  return defaultDimensions;
}

/** FNV-1a over "<dimension>:<text>"; mapped to k/1024 with k in [-1024, 1024]. */
export function embeddingOf(text: string, dimensions: number = defaultDimensions): number[] {
  const vector: number[] = [];
  for (let dimension = 0; dimension < dimensions; dimension += 1) {
    let hash = 0x811c9dc5;
    for (const character of `${dimension}:${text}`) {
      hash ^= character.codePointAt(0) ?? 0;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    vector.push(((hash % 2049) - 1024) / 1024);
  }
  return vector;
}

function float32Base64(vector: number[]): string {
  const bytes = new DataView(new ArrayBuffer(vector.length * 4));
  for (const [index, value] of vector.entries()) bytes.setFloat32(index * 4, value, true);
  return Buffer.from(bytes.buffer).toString("base64");
}
