// Ollama's tool calls carry an `id` only on recent servers; every other format needs one to pair results with
// calls. A missing id is invented here, unique across turns (Anthropic clients reject a repeated tool_use id).
export function ollamaCallId(id: unknown): string {
  return typeof id === "string" && id ? id : `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
}
