// A JSON schema (TypeBox) of the scoop app manifest, for the fields a scoop bucket accepts, written from scoop's
// manifest reference (https://github.com/ScoopInstaller/Scoop/wiki/App-Manifests): unknown top-level and
// architecture fields are rejected, hashes are hex SHA-256 (or prefixed), download URLs are absolute and free of
// autoupdate variables, `bin` is a string, or a list of strings and [target, alias, args…] lists.
import { FormatRegistry, Type, type TSchema } from "@sinclair/typebox";

FormatRegistry.Set("uri", (value) => URL.canParse(value) && /^[a-z][a-z0-9+.-]*:/i.test(value));

const Optional = <T extends TSchema>(schema: T) => Type.Optional(schema);
const StringOrStrings = Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })]);
const Hash = Type.String({ pattern: "^([a-fA-F0-9]{64}|(sha1|sha256|sha512|md5):([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{128}))$" });
const DownloadUrl = Type.String({ format: "uri", pattern: "^[^$]+$" });
const Bin = Type.Union([Type.String(), Type.Array(StringOrStrings, { minItems: 1 })]);

const HashExtraction = Type.Object(
  {
    url: Optional(Type.String()),
    regex: Optional(Type.String()),
    find: Optional(Type.String()),
    jsonpath: Optional(Type.String({ pattern: "^\\$[.[].*$" })),
    jp: Optional(Type.String({ pattern: "^\\$[.[].*$" })),
    xpath: Optional(Type.String()),
    mode: Optional(Type.Union(["download", "extract", "json", "xpath", "rdf", "metalink", "fosshub", "sourceforge"].map((mode) => Type.Literal(mode)))),
  },
  { additionalProperties: false },
);

const Architecture = Type.Object(
  {
    url: Type.Union([DownloadUrl, Type.Array(DownloadUrl, { minItems: 1 })]),
    hash: Type.Union([Hash, Type.Array(Hash, { minItems: 1 })]),
    bin: Optional(Bin),
    extract_dir: Optional(StringOrStrings),
    pre_install: Optional(StringOrStrings),
    post_install: Optional(StringOrStrings),
  },
  { additionalProperties: false },
);

const AutoupdateArchitecture = Type.Object(
  { url: Type.String({ format: "uri" }), hash: Optional(HashExtraction), extract_dir: Optional(Type.String()) },
  { additionalProperties: false },
);

const Architectures = <T extends TSchema>(schema: T) =>
  Type.Object({ "32bit": Optional(schema), "64bit": Optional(schema), arm64: Optional(schema) }, { additionalProperties: false });

const Checkver = Type.Union([
  Type.String(),
  Type.Object(
    {
      github: Optional(Type.String({ format: "uri" })),
      url: Optional(Type.String({ format: "uri" })),
      regex: Optional(Type.String()),
      re: Optional(Type.String()),
      jsonpath: Optional(Type.String()),
      jp: Optional(Type.String()),
      xpath: Optional(Type.String()),
      reverse: Optional(Type.Boolean()),
      replace: Optional(Type.String()),
      useragent: Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
]);

export const ScoopManifestSchema = Type.Object(
  {
    "##": Optional(StringOrStrings),
    version: Type.String({ pattern: "^[\\w\\-.+]+$" }),
    description: Optional(Type.String()),
    homepage: Optional(Type.String({ format: "uri" })),
    license: Optional(Type.Union([Type.String(), Type.Object({ identifier: Type.String(), url: Optional(Type.String({ format: "uri" })) }, { additionalProperties: false })])),
    url: Optional(Type.Union([DownloadUrl, Type.Array(DownloadUrl, { minItems: 1 })])),
    hash: Optional(Type.Union([Hash, Type.Array(Hash, { minItems: 1 })])),
    architecture: Optional(Architectures(Architecture)),
    bin: Optional(Bin),
    depends: Optional(StringOrStrings),
    env_add_path: Optional(StringOrStrings),
    env_set: Optional(Type.Record(Type.String(), Type.String())),
    extract_dir: Optional(StringOrStrings),
    notes: Optional(StringOrStrings),
    persist: Optional(Bin),
    pre_install: Optional(StringOrStrings),
    post_install: Optional(StringOrStrings),
    checkver: Optional(Checkver),
    autoupdate: Optional(
      Type.Object(
        {
          architecture: Optional(Architectures(AutoupdateArchitecture)),
          url: Optional(Type.String({ format: "uri" })),
          hash: Optional(HashExtraction),
          extract_dir: Optional(Type.String()),
          note: Optional(StringOrStrings),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
