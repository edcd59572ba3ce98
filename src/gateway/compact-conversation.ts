// When a context-relay combo moves a session to another target whose context window cannot hold the whole
// conversation, the older turns are replaced by a compact extractive summary and the recent turns are kept whole
// (never splitting a tool call from its result), so the session continues instead of failing on length.
import type { IrMessage, IrRequest } from "../protocol/ir.ts";
import { estimateRequestTokens } from "./estimate-tokens.ts";

const summaryHeading = "Summary of the earlier conversation (condensed by AmRouter when this session moved to another provider):";
const excerptCharacters = 240;

function excerpt(message: IrMessage): string {
  const text = message.parts
    .map((part) => {
      if (part.type === "text") return part.text;
      if (part.type === "tool-call") return `[called ${part.name}]`;
      if (part.type === "tool-result") return `[tool result: ${part.content.map((item) => (item.type === "text" ? item.text : "")).join(" ")}]`;
      return "";
    })
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > excerptCharacters ? `${text.slice(0, excerptCharacters)}…` : text;
}

/** A turn that may begin the kept tail: a user turn that is not only tool results (which need their calls). */
function startsCleanly(message: IrMessage): boolean {
  return message.role === "user" && message.parts.some((part) => part.type !== "tool-result");
}

export function compactConversation(request: IrRequest, contextWindow: number, maxOutputTokens = 0): IrRequest {
  const budget = Math.floor((contextWindow - maxOutputTokens) * 0.7);
  if (budget <= 0 || estimateRequestTokens(request) <= budget) return request;
  let start = request.messages.length - 1;
  for (let index = request.messages.length - 1; index > 0; index--) {
    if (!startsCleanly(request.messages[index]!)) continue;
    const tail = { ...request, messages: request.messages.slice(index) };
    if (estimateRequestTokens(tail) > budget / 2) break;
    start = index;
  }
  while (start > 0 && !startsCleanly(request.messages[start]!)) start--;
  if (start <= 0) return request;
  const digest = request.messages
    .slice(0, start)
    .map((message) => `${message.role}: ${excerpt(message)}`)
    .filter((line) => !line.endsWith(": "));
  const maxCharacters = Math.max(400, Math.floor(budget * 0.3 * 4));
  // The opening turn usually states the task; the latest turns carry the current state. Keep both ends.
  const kept: string[] = [];
  let length = digest[0]?.length ?? 0;
  for (let index = digest.length - 1; index > 0 && length + digest[index]!.length < maxCharacters; index--) {
    kept.unshift(digest[index]!);
    length += digest[index]!.length + 1;
  }
  const omitted = digest.length - 1 - kept.length;
  const text = [digest[0] ?? "", ...(omitted > 0 ? [`(${omitted} more turns omitted)`] : []), ...kept].join("\n");
  const summary: IrMessage = { role: "user", parts: [{ type: "text", text: `${summaryHeading}\n${text}` }] };
  return { ...request, messages: [summary, ...request.messages.slice(start)] };
}
