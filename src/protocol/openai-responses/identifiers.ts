// Responses output needs ids of its own (`resp_`, `msg_`, `rs_`, `fc_`) even when the upstream spoke another
// format; clients and the openai SDK key their stream snapshots on them, so they must be unique per response.

export type ResponsesIdPrefix = "resp" | "msg" | "rs" | "fc";

export function newItemId(prefix: ResponsesIdPrefix): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** The client-facing response id: an upstream `resp_` id is kept, any other id gets the prefix. */
export function responseIdFrom(upstreamId: string): string {
  if (upstreamId.startsWith("resp_")) return upstreamId;
  const cleaned = upstreamId.replace(/[^A-Za-z0-9_-]/g, "");
  return cleaned.length > 0 ? `resp_${cleaned}` : newItemId("resp");
}

/** A function_call item id: a Responses `fc_` id is kept, anything else is replaced by a fresh one. */
export function functionCallItemIdFrom(itemId: string | undefined): string {
  return itemId?.startsWith("fc_") ? itemId : newItemId("fc");
}
