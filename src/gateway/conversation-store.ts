// Keeps finished Responses API conversations by response id, so a client's `previous_response_id` works even
// when the request lands on a Chat-only provider. Bounded (least recently used out first) and expiring.
import type { IrMessage } from "../protocol/ir.ts";

export type ConversationStore = {
  get(responseId: string): IrMessage[] | undefined;
  put(responseId: string, messages: IrMessage[]): void;
  readonly size: number;
};

export function createConversationStore(maxEntries = 5000, ttlMs = 6 * 60 * 60_000): ConversationStore {
  const entries = new Map<string, { messages: IrMessage[]; expiresAt: number }>();
  return {
    get(responseId) {
      const entry = entries.get(responseId);
      if (!entry) return undefined;
      if (entry.expiresAt < Date.now()) {
        entries.delete(responseId);
        return undefined;
      }
      entries.delete(responseId);
      entries.set(responseId, entry);
      return entry.messages;
    },
    put(responseId, messages) {
      entries.delete(responseId);
      entries.set(responseId, { messages, expiresAt: Date.now() + ttlMs });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
