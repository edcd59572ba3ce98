// Anthropic accepts tool_use ids matching ^[a-zA-Z0-9_-]+$ only; other providers' ids (e.g. "functions.x:0")
// are rewritten the same way wherever they appear, so a tool_use and its tool_result stay paired.
const invalidCharacters = /[^a-zA-Z0-9_-]/g;

export function anthropicToolUseId(id: string): string {
  if (id === "") return "toolu_missing";
  return id.replace(invalidCharacters, "_");
}
