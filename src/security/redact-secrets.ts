// Removes credentials from any text that may reach a log line, an error message or an API response.
const secretPatterns: Array<[RegExp, string]> = [
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_*-]{8,}/g, "[redacted]"],
  [/\bamr_[A-Za-z0-9_-]{8,}/g, "[redacted]"],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, "[redacted]"],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, "[redacted]"],
  [/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1[redacted]"],
  [/([?&](?:key|api_key|apikey|access_token|token)=)[^&\s"']+/gi, "$1[redacted]"],
];

const knownSecrets = new Set<string>();

/** Registers a secret value (a stored credential, a server secret) so it is redacted wherever it appears. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 6) knownSecrets.add(secret);
}

export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.split(secret).join("[redacted]");
  }
  for (const [pattern, replacement] of secretPatterns) result = result.replace(pattern, replacement);
  return result;
}
