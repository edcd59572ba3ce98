// The four client formats the playground speaks: how to build a request body for a prompt in each, and how to
// pull the text out of its JSON answer or its stream events.
export type ClientFormat = "openai-chat" | "openai-responses" | "anthropic" | "gemini";

export const clientFormats: Array<{ value: ClientFormat; label: string }> = [
  { value: "openai-chat", label: "OpenAI Chat Completions" },
  { value: "openai-responses", label: "OpenAI Responses" },
  { value: "anthropic", label: "Anthropic Messages" },
  { value: "gemini", label: "Gemini generateContent" },
];

type Json = Record<string, any>;

export function requestBody(format: ClientFormat, prompt: string, system: string, maxTokens: number): Json {
  switch (format) {
    case "openai-chat":
      return { messages: [...(system ? [{ role: "system", content: system }] : []), { role: "user", content: prompt }], max_tokens: maxTokens };
    case "openai-responses":
      return { input: prompt, ...(system ? { instructions: system } : {}), max_output_tokens: Math.max(16, maxTokens) };
    case "anthropic":
      return { max_tokens: maxTokens, ...(system ? { system } : {}), messages: [{ role: "user", content: prompt }] };
    case "gemini":
      return { contents: [{ role: "user", parts: [{ text: prompt }] }], ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}), generationConfig: { maxOutputTokens: maxTokens } };
  }
}

/** The text one stream event adds, or "" when it carries none. */
export function streamEventText(format: ClientFormat, eventName: string, data: Json): string {
  switch (format) {
    case "openai-chat":
      return typeof data.choices?.[0]?.delta?.content === "string" ? data.choices[0].delta.content : "";
    case "openai-responses":
      return (eventName === "response.output_text.delta" || data.type === "response.output_text.delta") && typeof data.delta === "string" ? data.delta : "";
    case "anthropic":
      return data.type === "content_block_delta" && data.delta?.type === "text_delta" ? String(data.delta.text ?? "") : "";
    case "gemini":
      return ((data.candidates?.[0]?.content?.parts ?? []) as Json[]).filter((part) => !part.thought && typeof part.text === "string").map((part) => part.text).join("");
  }
}

/** The whole answer's text from a JSON (non-streamed) response. */
export function responseText(format: ClientFormat, data: Json): string {
  switch (format) {
    case "openai-chat":
      return String(data.choices?.[0]?.message?.content ?? "");
    case "openai-responses":
      return ((data.output ?? []) as Json[]).flatMap((item) => (item.content ?? []) as Json[]).filter((part) => part.type === "output_text").map((part) => part.text).join("");
    case "anthropic":
      return ((data.content ?? []) as Json[]).filter((block) => block.type === "text").map((block) => block.text).join("");
    case "gemini":
      return streamEventText("gemini", "", data);
  }
}

/** Splits a server-sent event stream into events as bytes arrive. */
export function createEventParser(onEvent: (name: string, data: string) => void): (chunk: string) => void {
  let buffer = "";
  return (chunk) => {
    buffer += chunk.replaceAll("\r\n", "\n");
    let boundary = buffer.indexOf("\n\n");
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let name = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) onEvent(name, data.join("\n"));
      boundary = buffer.indexOf("\n\n");
    }
  };
}
