// Route handler for `GET /v1/models`: a fixed OpenAI-shaped model list, so gateway model discovery can be tested.

import type { HandlerContext } from "./handler-context.ts";

const listedModels = [
  { id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" },
  { id: "gpt-4o", object: "model", created: 1715367049, owned_by: "system" },
  { id: "text-embedding-3-small", object: "model", created: 1705948997, owned_by: "system" },
];

export async function handleListModels(_context: HandlerContext): Promise<Response> {
  return Response.json({ object: "list", data: listedModels });
}
