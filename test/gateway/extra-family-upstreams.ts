// How each upstream-only family is read back in the extra-families suite: where the mock finds the system text,
// images, tools, schema and tool result in that family's own request, and the model and connection it is served by.

export type Body = Record<string, any>;

/** Reads what the mock received, in each family's own fields. */
export type Upstream = {
  family: "ollama" | "cohere" | "bedrock-converse";
  connection: string;
  model: string;
  /** The upstream path a request of this mode goes to. */
  path(stream: boolean): string;
  systemText(body: Body): string;
  hasImage(body: Body): boolean;
  toolNames(body: Body): string[];
  schema(body: Body): unknown;
  /** The tool result the upstream received, and the fields it must have. */
  toolResult(body: Body): Body | undefined;
  toolResultFields: Body;
  reportsCachedTokens: boolean;
};

const contentText = (content: unknown): string =>
  typeof content === "string" ? content : Array.isArray(content) ? content.map((part: Body) => part.text ?? "").join(" ") : "";

export const upstreams: Upstream[] = [
  {
    family: "ollama",
    connection: "up-ollama",
    model: "llama3.2:latest",
    path: () => "/api/chat",
    systemText: (body) => (body.messages as Body[]).filter((message) => message.role === "system").map((message) => message.content).join(" "),
    hasImage: (body) => (body.messages as Body[]).some((message) => Array.isArray(message.images) && message.images.length > 0),
    toolNames: (body) => ((body.tools ?? []) as Body[]).map((tool) => tool.function.name),
    schema: (body) => body.format,
    toolResult: (body) => (body.messages as Body[]).find((message) => message.role === "tool"),
    toolResultFields: { content: "42 results", tool_name: "search_docs" },
    reportsCachedTokens: false,
  },
  {
    family: "cohere",
    connection: "up-cohere",
    model: "command-a-03-2025",
    path: () => "/v2/chat",
    systemText: (body) => (body.messages as Body[]).filter((message) => message.role === "system").map((message) => contentText(message.content)).join(" "),
    hasImage: (body) => (body.messages as Body[]).some((message) => Array.isArray(message.content) && message.content.some((part: Body) => part.type === "image_url")),
    toolNames: (body) => ((body.tools ?? []) as Body[]).map((tool) => tool.function.name),
    schema: (body) => body.response_format?.json_schema,
    toolResult: (body) => (body.messages as Body[]).find((message) => message.role === "tool"),
    toolResultFields: { content: "42 results", tool_call_id: "call_extra_1" },
    reportsCachedTokens: true,
  },
  {
    family: "bedrock-converse",
    connection: "up-bedrock",
    model: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    path: (stream) => `/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/${stream ? "converse-stream" : "converse"}`,
    systemText: (body) => ((body.system ?? []) as Body[]).map((block) => block.text ?? "").join(" "),
    hasImage: (body) => (body.messages as Body[]).some((message) => (message.content as Body[]).some((block) => block.image?.source?.bytes !== undefined)),
    toolNames: (body) => ((body.toolConfig?.tools ?? []) as Body[]).map((tool) => tool.toolSpec.name),
    schema: (body) => JSON.parse(body.outputConfig?.textFormat?.structure?.jsonSchema?.schema ?? "null"),
    toolResult: (body) => (body.messages as Body[]).flatMap((message) => message.content as Body[]).find((block) => block.toolResult)?.toolResult,
    toolResultFields: { toolUseId: "call_extra_1", content: [{ text: "42 results" }], status: "success" },
    reportsCachedTokens: true,
  },
];
