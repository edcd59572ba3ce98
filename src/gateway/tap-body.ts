// Passes a response body through unchanged while keeping a copy, handed over once the last byte has gone to
// the client, so reading usage from a passthrough JSON body adds nothing to the client's latency.
export function tapBody(body: ReadableStream<Uint8Array>, onDone: (bytes: Uint8Array | undefined) => void, maxBytes = 8 * 1024 * 1024): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        size += chunk.byteLength;
        if (size <= maxBytes) chunks.push(chunk);
      },
      flush() {
        onDone(size <= maxBytes ? Buffer.concat(chunks) : undefined);
      },
    }),
  );
}
