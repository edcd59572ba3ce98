// Gemini function calls carry an `id` only on newer models; every other format needs one to pair results
// with calls. Ids this codec invents all start with `call_`, which is also how the encoder recognises an id
// that Gemini did not assign (see encode-contents.ts).

export const syntheticCallIdPrefix = "call_";

/** Deterministic id for the n-th id-less call in a client request (same body → same ids). */
export function requestCallId(index: number): string {
  return `${syntheticCallIdPrefix}${index}`;
}

/** Unique id for an id-less call in an upstream response; unique across turns, as Anthropic requires. */
export function responseCallId(): string {
  return `${syntheticCallIdPrefix}${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
}
