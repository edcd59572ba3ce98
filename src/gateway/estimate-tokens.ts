// A tokenizer-free token estimate (about four characters a token), for count_tokens on upstreams that cannot
// count, and for usage when an upstream reports none. Marked as an estimate wherever it is used.
import type { IrRequest } from "../protocol/ir.ts";

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimateRequestTokens(request: IrRequest): number {
  let characters = 0;
  for (const part of request.system) characters += part.text.length;
  for (const message of request.messages) {
    characters += 4;
    for (const part of message.parts) {
      if (part.type === "text" || part.type === "reasoning") characters += part.text.length;
      else if (part.type === "tool-call") characters += part.name.length + part.arguments.length;
      else if (part.type === "tool-result") for (const item of part.content) characters += item.type === "text" ? item.text.length : 1000;
      else if (part.type === "image" || part.type === "document") characters += 1000;
    }
  }
  for (const tool of request.tools ?? []) characters += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
  return Math.max(1, Math.ceil(characters / 4));
}
