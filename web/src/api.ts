// The dashboard's one way to call the admin API: JSON in and out, the CSRF header on every state change, the
// gateway's error message surfaced as an ApiError, and a global "signed out" signal when the session is gone.
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code: string | null) {
    super(message);
  }
}

export const signedOutEvent = "amrouter:signed-out";

type Options = { method?: string; body?: unknown; signal?: AbortSignal };

async function errorFrom(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  let code: string | null = null;
  try {
    const payload = (await response.json()) as { error?: { message?: string; code?: string } };
    if (payload.error?.message) message = payload.error.message;
    code = payload.error?.code ?? null;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(message, response.status, code);
}

/** Sends a request and returns the raw response, throwing an ApiError for any error status. */
export async function apiResponse(path: string, options: Options = {}): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers["x-amrouter-csrf"] = "1";
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: "same-origin",
    signal: options.signal,
  });
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !path.startsWith("/api/auth/")) window.dispatchEvent(new Event(signedOutEvent));
    throw error;
  }
  return response;
}

export async function api<T>(path: string, options: Options = {}): Promise<T> {
  return (await apiResponse(path, options)).json() as Promise<T>;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
