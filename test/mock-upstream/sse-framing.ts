// Server-Sent Event framing shared by the streaming formats: named events (`event:` + `data:` lines, as Anthropic
// Messages and the OpenAI Responses API send them) and data-only events (as Gemini sends them, with CRLF framing).

/** `event: <name>\ndata: <json>\n\n`; Anthropic's SDKs drop events that lack the `event:` line. */
export function namedEvent(name: string, payload: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** `data: <json>` followed by a blank line, using `lineEnd` ("\n" or Gemini's observed "\r\n"). */
export function dataOnlyEvent(payload: unknown, lineEnd: "\n" | "\r\n" = "\n"): string {
  return `data: ${JSON.stringify(payload)}${lineEnd}${lineEnd}`;
}
