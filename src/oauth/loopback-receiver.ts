// The short-lived HTTP listener on 127.0.0.1 that receives the browser's redirect at the end of a PKCE login. It
// answers only the redirect path, checks `state` before anything else, and hands back the authorization code or
// the provider's error. It binds the loopback interface only, so nothing outside this machine can reach it.
import { OAuthError } from "./oauth-error.ts";

export type LoopbackReceiver = {
  /** The redirect_uri to put in the authorize URL and the token request. */
  redirectUri: string;
  port: number;
  /** Resolves with the authorization code of the first callback carrying this login's state. */
  code: Promise<string>;
  close(): void;
};

export type LoopbackOptions = {
  /** The registered port, or 0 for any free port. */
  port: number;
  path: string;
  /** The host written into the redirect URI; the listener binds 127.0.0.1 either way. */
  host: "localhost" | "127.0.0.1";
  expectedState: string;
};

export function startLoopbackReceiver(options: LoopbackOptions): LoopbackReceiver {
  let settle: { resolve(code: string): void; reject(error: Error): void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be awaiting yet when a bad callback arrives; the caller sees the rejection when it awaits.
  code.catch(() => {});
  let settled = false;
  const finish = (outcome: { code: string } | { error: Error }) => {
    if (settled) return;
    settled = true;
    if ("code" in outcome) settle!.resolve(outcome.code);
    else settle!.reject(outcome.error);
  };

  const handle = (request: Request): Response => {
    const url = new URL(request.url);
    if (url.pathname !== options.path) return new Response("Not found", { status: 404 });
    const state = url.searchParams.get("state");
    if (state !== options.expectedState) {
      finish({ error: new OAuthError("state-mismatch", "The sign-in callback carried the wrong state; it did not come from this login. Run login again.") });
      return page(400, "Sign-in rejected", "This callback does not belong to the running login. Start the login again from the terminal.");
    }
    const error = url.searchParams.get("error");
    if (error) {
      const description = url.searchParams.get("error_description");
      finish({ error: new OAuthError("denied", `The provider refused the sign-in: ${error}${description ? ` (${description.slice(0, 200)})` : ""}`, error) });
      return page(400, "Sign-in refused", "The provider did not grant access. You can close this tab.");
    }
    const authorizationCode = url.searchParams.get("code");
    if (!authorizationCode) {
      finish({ error: new OAuthError("protocol", "The sign-in callback had no authorization code") });
      return page(400, "Sign-in failed", "The callback had no authorization code.");
    }
    finish({ code: authorizationCode });
    return page(200, "Signed in", "AmRouter received the sign-in. You can close this tab and return to the terminal.");
  };

  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({ hostname: "127.0.0.1", port: options.port, fetch: handle });
  } catch (error) {
    const inUse = (error as { code?: string }).code === "EADDRINUSE" || /in use/i.test((error as Error).message);
    throw new OAuthError(
      "protocol",
      inUse
        ? `Port ${options.port} is in use, and the provider only accepts a redirect to that port. Close the program using it (another login?) and try again.`
        : `Cannot listen on 127.0.0.1:${options.port} for the sign-in redirect: ${(error as Error).message}`,
    );
  }
  const port = server.port ?? options.port;
  // Some browsers resolve "localhost" to ::1 first; listen there too when the redirect says localhost.
  let ipv6Server: ReturnType<typeof Bun.serve> | undefined;
  if (options.host === "localhost") {
    try {
      ipv6Server = Bun.serve({ hostname: "::1", port, fetch: handle });
    } catch {
      // No IPv6 loopback here: browsers fall back to 127.0.0.1.
    }
  }
  return {
    redirectUri: `http://${options.host}:${port}${options.path}`,
    port,
    code,
    close() {
      finish({ error: new OAuthError("cancelled", "Login was cancelled") });
      void server.stop(true);
      void ipv6Server?.stop(true);
    },
  };
}

function page(status: number, title: string, message: string): Response {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:4rem auto"><h1>${title}</h1><p>${message}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
