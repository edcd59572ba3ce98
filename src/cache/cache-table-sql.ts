// The SQL that creates the table the optional cache persistence (cache-persistence.ts) writes to. Kept here so
// the code and its table are read together; the same text is appended to src/storage/migrations.ts as a new
// migration (never edit a shipped one).
//
//   key         cache key (cache-key.ts): SHA-256 hex of the normalized request
//   response    the IrResponse as JSON text
//   created_at  when it was stored (Unix ms), for inspection
//   expires_at  when it stops being servable (Unix ms); indexed for the expiry sweep
export const responseCacheTableName = "response_cache";

export const responseCacheTableSql = `
      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX response_cache_expires_at ON response_cache (expires_at);
    `;
