// Deterministic "tokenization" for the mock: words stand in for tokens in usage counts, and replies are
// streamed one word per chunk. Pieces keep their whitespace so that joining them gives the text back exactly.

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

/** Splits text into one piece per word, each carrying its surrounding whitespace; pieces join to `text`. */
export function splitIntoWordPieces(text: string): string[] {
  const pieces = text.match(/\s*\S+\s*/g);
  if (pieces === null) return text.length > 0 ? [text] : [];
  return pieces;
}

/** Splits text into `count` consecutive fragments of near-equal length (fewer only if text is shorter). */
export function splitIntoFragments(text: string, count: number): string[] {
  const fragmentCount = Math.max(1, Math.min(count, text.length));
  const fragments: string[] = [];
  for (let index = 0; index < fragmentCount; index += 1) {
    const start = Math.floor((index * text.length) / fragmentCount);
    const end = Math.floor(((index + 1) * text.length) / fragmentCount);
    fragments.push(text.slice(start, end));
  }
  return fragments;
}
