// The error a config file that cannot be used raises, with every problem found; kept apart from the reader so the
// CLI entry can recognise it without loading the config machinery at start.
export class ConfigFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`Invalid config file ${file}:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
}
