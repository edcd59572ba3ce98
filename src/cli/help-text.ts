// The text of `amrouter --help`.
import { version } from "../version.ts";

export const helpText = `AmRouter ${version}: one endpoint for OpenAI, Anthropic and Gemini clients, routed across many providers.

Usage: amrouter [options]                 start the gateway
       amrouter <command> [options]

Options:
  --port N            listen port (env PORT, default 20128)
  --host ADDRESS      listen address (env HOST, default 127.0.0.1)
  --config FILE       declarative config file, JSON or YAML (env AMROUTER_CONFIG)
  --data-dir DIR      data directory (env DATA_DIR, default ~/.amrouter)
  --no-open           do not open the dashboard in a browser
  --headless          server only: no browser, no interactive output
  --verbose           log at debug level
  -h, --help          this text
  -v, --version       print the version

Commands:
  doctor [--json]                         check config, data dir, database, port and secrets
  providers available [--search TEXT] [--json]
                                          list the provider catalog
  providers list [--json]                 list configured connections
  providers test NAME [--model M] [--timeout-ms N] [--json]
                                          send a tiny request; print the latency and reply, or the exact error
  setup                                   guided setup: pick a provider, paste a key, test it, get a client key
                                          and ready-to-paste snippets for SDKs and coding agents
  setup --provider ID [--name NAME] [--base-url URL] [--api-key KEY|- | --api-key-env VAR] [--model M]
        [--setting NAME=VALUE ...] [--key-name NAME] [--skip-test] [--timeout-ms N] [--json]
                                          the same without questions, for scripts (--api-key -: read from stdin;
                                          --setting: a provider setting such as Vertex's project, repeatable)
  keys create NAME [--admin]              create a client API key (shown once)
  keys list [--json]                      list API keys
  keys revoke NAME|ID                     revoke an API key
  reset-password [--password TEXT]        set a new dashboard password (works offline)
  healthcheck [--url URL]                 exit 0 when the gateway answers /health
  update [--check] [--force] [--url URL]  replace this executable with the newest release, after checking its
                                          sha256 (URL: a release manifest; env AMROUTER_UPDATE_URL)
  uninstall [--force]                     delete the data directory (asks first) and list what is left to remove

amrouter-reset-password is the same as amrouter reset-password.
`;
