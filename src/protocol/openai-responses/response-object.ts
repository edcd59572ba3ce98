// The full `response` object a client receives: the body of a non-streamed reply and the payload of the
// response.created / in_progress / completed / incomplete / failed stream events. One builder keeps both the
// same. It carries every field the openai SDK's Response type declares as required; `output_text` is left to
// the SDK, which computes it from the message items.
import type { IrUsage } from "../ir.ts";
import type { ResponsesErrorObject, ResponsesIncompleteReason, ResponsesOutputItem, ResponsesResponseObject, ResponsesStatus } from "./schema-types.ts";
import { usageToWire } from "./usage.ts";

export type ResponseObjectFields = {
  id: string;
  createdAt: number;
  model: string;
  status: ResponsesStatus;
  output: ResponsesOutputItem[];
  /** Sent as null while the response is in progress, and as a full (possibly zero) object once it ends. */
  usage?: IrUsage;
  incompleteReason?: ResponsesIncompleteReason;
  error?: ResponsesErrorObject;
};

export function buildResponseObject(fields: ResponseObjectFields): ResponsesResponseObject {
  const ended = fields.status === "completed" || fields.status === "incomplete" || fields.status === "failed";
  return {
    id: fields.id,
    object: "response",
    created_at: fields.createdAt,
    status: fields.status,
    completed_at: fields.status === "completed" ? Math.floor(Date.now() / 1000) : null,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteReason ? { reason: fields.incompleteReason } : null,
    instructions: null,
    max_output_tokens: null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: null,
    store: false,
    temperature: null,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: null,
    truncation: "disabled",
    usage: ended ? usageToWire(fields.usage) : null,
    metadata: {},
    access_programs: null,
  };
}
