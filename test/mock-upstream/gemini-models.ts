// Route handlers for Gemini model discovery: `GET /v1beta/models` (and `/v1/models` with a Gemini key) lists a
// fixed set of models, `GET .../models/{model}` returns one (any name is "found", so scenario names work too).

import type { HandlerContext } from "./handler-context.ts";

function modelEntry(id: string, displayName: string): Record<string, unknown> {
  return {
    name: `models/${id}`,
    version: "001",
    displayName,
    description: `Mock ${displayName}`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: ["generateContent", "countTokens", "createCachedContent"],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  };
}

const listedModels = [
  modelEntry("gemini-2.5-flash", "Gemini 2.5 Flash"),
  modelEntry("gemini-2.5-pro", "Gemini 2.5 Pro"),
  modelEntry("gemini-3-pro-preview", "Gemini 3 Pro Preview"),
];

export async function handleGeminiListModels(_context: HandlerContext): Promise<Response> {
  return Response.json({ models: listedModels });
}

export async function handleGeminiGetModel(context: HandlerContext): Promise<Response> {
  const id = (context.pathParameters["model"] ?? "").replace(/^models\//, "");
  return Response.json(modelEntry(id, id));
}
