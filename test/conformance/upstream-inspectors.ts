// Reads what the mock upstream received, per wire family, so a test can check that a client's system prompt,
// history, image, tools and schema arrived in the upstream's own fields.
type Body = Record<string, any>;

export type UpstreamInspector = {
  family: "openai-chat" | "openai-responses" | "anthropic" | "gemini";
  /** Model id to use at this upstream (the mock keys scenarios on it). */
  model: string;
  systemText(body: Body): string;
  hasImage(body: Body): boolean;
  toolNames(body: Body): string[];
  schema(body: Body): unknown;
};

const textOf = (value: unknown): string =>
  typeof value === "string" ? value : Array.isArray(value) ? value.map((part: any) => (typeof part === "string" ? part : (part?.text ?? ""))).join(" ") : "";

export const upstreamInspectors: UpstreamInspector[] = [
  {
    family: "openai-chat",
    model: "gpt-4o-mini",
    systemText: (body) => (body.messages as Body[]).filter((message) => message.role === "system" || message.role === "developer").map((message) => textOf(message.content)).join(" "),
    hasImage: (body) => (body.messages as Body[]).some((message) => Array.isArray(message.content) && message.content.some((part: Body) => part.type === "image_url")),
    toolNames: (body) => ((body.tools ?? []) as Body[]).map((tool) => tool.function.name),
    schema: (body) => body.response_format?.json_schema?.schema,
  },
  {
    family: "openai-responses",
    model: "gpt-4o-mini",
    systemText: (body) => [body.instructions ?? "", ...((Array.isArray(body.input) ? body.input : []) as Body[]).filter((item) => item.role === "system" || item.role === "developer").map((item) => textOf(item.content))].join(" "),
    hasImage: (body) => (Array.isArray(body.input) ? (body.input as Body[]) : []).some((item) => Array.isArray(item.content) && item.content.some((part: Body) => part.type === "input_image")),
    toolNames: (body) => ((body.tools ?? []) as Body[]).map((tool) => tool.name),
    schema: (body) => body.text?.format?.schema,
  },
  {
    family: "anthropic",
    model: "claude-sonnet-4-5",
    systemText: (body) => textOf(body.system),
    hasImage: (body) => (body.messages as Body[]).some((message) => Array.isArray(message.content) && message.content.some((block: Body) => block.type === "image")),
    toolNames: (body) => ((body.tools ?? []) as Body[]).map((tool) => tool.name),
    schema: (body) => body.output_config?.format?.schema,
  },
  {
    family: "gemini",
    model: "gemini-2.5-flash",
    systemText: (body) => textOf(body.systemInstruction?.parts),
    hasImage: (body) => (body.contents as Body[]).some((content) => (content.parts as Body[]).some((part) => part.inlineData?.mimeType?.startsWith("image/"))),
    toolNames: (body) => ((body.tools ?? []) as Body[]).flatMap((tool) => ((tool.functionDeclarations ?? []) as Body[]).map((declaration) => declaration.name)),
    schema: (body) => body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema,
  },
];
