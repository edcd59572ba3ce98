// Some Gemini request rules depend on the model generation: Gemini 3 rejects function-call turns without a
// thought signature and takes `thinkingLevel`, while Gemini 1.x/2.x only understand `thinkingBudget`. The
// model id is the only hint an encoder has, so this reads the major version out of it.

/** The major version of a `gemini-<major>...` model id (any prefix such as `models/` allowed), if it is one. */
export function geminiMajorVersion(model: string): number | undefined {
  const match = /(?:^|[/_-])gemini-(\d+)/i.exec(model);
  return match ? Number(match[1]) : undefined;
}

/** Gemini 3 and later, or a model id that does not say (newer aliases are the likelier case). */
export function isGemini3OrLater(model: string): boolean {
  const major = geminiMajorVersion(model);
  return major === undefined || major >= 3;
}
