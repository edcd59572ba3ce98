// Terminal I/O for `amrouter setup`: questions with defaults, yes/no, and secrets read without echo when stdin
// is a terminal. Works the same over a pipe (one answer per line), so scripts and tests can drive it.

/** The input ended (or Ctrl-C) before setup had its answers. */
export class SetupCancelled extends Error {
  constructor(readonly interrupted = false) {
    super(interrupted ? "Setup interrupted." : "Setup cancelled: the input ended before every question was answered.");
  }
}

export type Prompter = {
  /** True when the answers come from a person at a terminal. */
  readonly terminal: boolean;
  write(text: string): void;
  /** Asks once; an empty answer gives the default (when there is one). */
  ask(question: string, defaultValue?: string): Promise<string>;
  /** Like ask, without echoing what is typed (when the terminal allows it). */
  askSecret(question: string): Promise<string>;
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
  close(): void;
};

type Input = NodeJS.ReadStream & { setRawMode?(mode: boolean): unknown };

/** Lines from a readable stream; in raw mode it handles the keys itself (Enter, Backspace, Ctrl-C, Ctrl-D). */
function createLineReader(input: Input, onInterrupt: () => void) {
  let buffer = "";
  const lines: string[] = [];
  let ended = false;
  let raw = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onData = (chunk: string | Buffer) => {
    const text = typeof chunk === "string" ? chunk : chunk.toString("utf8");
    if (!raw) {
      buffer += text;
      const parts = buffer.split(/\r?\n/);
      buffer = parts.pop() ?? "";
      lines.push(...parts);
    } else {
      for (const character of text) {
        if (character === "\r" || character === "\n") {
          lines.push(buffer);
          buffer = "";
        } else if (character === "\u0003") onInterrupt();
        else if (character === "\u0004") {
          if (buffer === "") ended = true;
        } else if (character === "\u007f" || character === "\b") buffer = [...buffer].slice(0, -1).join("");
        else if (character >= " ") buffer += character;
      }
    }
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  let attached = false;
  const attach = () => {
    if (attached) return;
    attached = true;
    input.on("data", onData);
    input.on("end", onEnd);
    input.resume();
  };
  return {
    async nextLine(): Promise<string> {
      attach();
      while (lines.length === 0) {
        if (ended) {
          if (buffer !== "") {
            const last = buffer;
            buffer = "";
            return last;
          }
          throw new SetupCancelled();
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return lines.shift()!;
    },
    setRaw(mode: boolean) {
      raw = mode;
    },
    close() {
      if (!attached) return;
      attached = false;
      input.off("data", onData);
      input.off("end", onEnd);
      input.pause();
    },
  };
}

export function createTerminalPrompter(input: Input = process.stdin, output: NodeJS.WriteStream = process.stdout): Prompter {
  const terminal = Boolean(input.isTTY);
  const canHide = terminal && typeof input.setRawMode === "function";
  const reader = createLineReader(input, () => {
    if (canHide) input.setRawMode!(false);
    output.write("\n");
    process.exit(130);
  });
  const write = (text: string) => void output.write(text);
  const ask = async (question: string, defaultValue?: string) => {
    write(defaultValue ? `${question} [${defaultValue}]: ` : `${question}: `);
    const answer = (await reader.nextLine()).trim();
    return answer === "" && defaultValue !== undefined ? defaultValue : answer;
  };
  return {
    terminal,
    write,
    ask,
    async askSecret(question) {
      write(`${question}: `);
      if (!canHide) return (await reader.nextLine()).trim();
      input.setRawMode!(true);
      reader.setRaw(true);
      try {
        return (await reader.nextLine()).trim();
      } finally {
        reader.setRaw(false);
        input.setRawMode!(false);
        write("\n");
      }
    },
    async confirm(question, defaultYes) {
      for (;;) {
        const answer = (await ask(`${question} ${defaultYes ? "[Y/n]" : "[y/N]"}`)).toLowerCase();
        if (answer === "") return defaultYes;
        if (["y", "yes"].includes(answer)) return true;
        if (["n", "no"].includes(answer)) return false;
        write("Please answer y or n.\n");
      }
    },
    close: () => reader.close(),
  };
}
