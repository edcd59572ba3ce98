// Playground: send a prompt to any model or combo in any client format and watch the answer stream in, with the
// route taken, attempts, time to first token and the raw events as the client receives them.
import { useEffect, useRef, useState } from "preact/hooks";
import { apiResponse, messageOf } from "../api.ts";
import { clientFormats, createEventParser, requestBody, responseText, streamEventText, type ClientFormat } from "../client-formats.ts";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../components/form-fields.ts";
import { PageHeader } from "../components/page-header.ts";
import { formatDuration } from "../format.ts";
import { html } from "../html.ts";
import { modelSuggestions } from "../model-suggestions.ts";
import type { Combo, Connection } from "../types.ts";
import { useApi } from "../use-api.ts";

type RunInfo = { route: string | null; attempts: string | null; status: number; firstTokenMs: number | null; totalMs: number | null };

export default function PlaygroundPage() {
  const connections = useApi<{ connections: Connection[] }>("/api/connections");
  const combos = useApi<{ combos: Combo[] }>("/api/combos");
  const suggestions = modelSuggestions(connections.data?.connections, combos.data?.combos);
  const [model, setModel] = useState("");
  const [format, setFormat] = useState<ClientFormat>("openai-chat");
  const [stream, setStream] = useState(true);
  const [system, setSystem] = useState("");
  const [prompt, setPrompt] = useState("Say hello in five words.");
  const [maxTokens, setMaxTokens] = useState("256");
  const [output, setOutput] = useState("");
  const [events, setEvents] = useState<string[]>([]);
  const [info, setInfo] = useState<RunInfo | undefined>(undefined);
  const [error, setError] = useState("");
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);
  const chosenModel = model.trim();
  // Start from the first model the gateway knows, once it is known, unless something was typed already.
  useEffect(() => {
    if (suggestions[0]) setModel((current) => current || suggestions[0]!);
  }, [suggestions[0]]);

  const send = async (event: Event) => {
    event.preventDefault();
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setOutput("");
    setEvents([]);
    setError("");
    const started = performance.now();
    let firstTokenMs: number | null = null;
    try {
      const body = requestBody(format, prompt, system, Number(maxTokens) || 256);
      const response = await apiResponse("/api/playground", { method: "POST", body: { format, model: chosenModel, stream, body }, signal: abort.signal });
      const base = { route: response.headers.get("x-amrouter-route"), attempts: response.headers.get("x-amrouter-attempts"), status: response.status };
      setInfo({ ...base, firstTokenMs: null, totalMs: null });
      if (!stream) {
        const data = await response.json();
        setOutput(responseText(format, data));
        setEvents([JSON.stringify(data, null, 2)]);
      } else {
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        const parse = createEventParser((name, data) => {
          setEvents((current) => [...current.slice(-199), `${name === "message" ? "" : `event: ${name}\n`}data: ${data}`]);
          if (data === "[DONE]") return;
          try {
            const text = streamEventText(format, name, JSON.parse(data));
            if (text) {
              if (firstTokenMs === null) {
                firstTokenMs = performance.now() - started;
                setInfo({ ...base, firstTokenMs, totalMs: null });
              }
              setOutput((current) => current + text);
            }
          } catch {
            // A non-JSON event: shown in the raw list only.
          }
        });
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parse(value);
        }
      }
      setInfo({ ...base, firstTokenMs, totalMs: performance.now() - started });
    } catch (failure) {
      if (!abort.signal.aborted) setError(messageOf(failure));
    } finally {
      setRunning(false);
    }
  };

  return html`
    <${PageHeader} title="Playground" description="Try any model or combo in any client format, exactly as that client would see it." />
    <div class="grid two">
      <form class="card" onSubmit=${send} aria-label="Request">
        <${TextField} label="Model or combo" name="playground-model" list="playground-models" value=${model} placeholder="connection/model or combo" onInput=${setModel} />
        <datalist id="playground-models">${suggestions.map((name) => html`<option value=${name} />`)}</datalist>
        <div class="form-grid">
          <${SelectField} label="Client format" name="client-format" value=${format} onChange=${(value: string) => setFormat(value as ClientFormat)} options=${clientFormats} />
          <${TextField} label="Max tokens" name="max-tokens" type="number" min=${1} value=${maxTokens} onInput=${setMaxTokens} />
        </div>
        <${TextField} label="System prompt" name="system-prompt" hint="optional" value=${system} onInput=${setSystem} />
        <${TextAreaField} label="Prompt" name="prompt" value=${prompt} onInput=${setPrompt} rows=${5} />
        <${CheckboxField} label="Stream the answer" name="stream" checked=${stream} onChange=${setStream} />
        <div class="row end">
          ${running ? html`<button type="button" class="button" onClick=${() => controller.current?.abort()}>Stop</button>` : null}
          <button type="submit" class="button primary" disabled=${running || !chosenModel || !prompt.trim()}>${running ? "Sending…" : "Send"}</button>
        </div>
      </form>
      <section class="card" aria-labelledby="answer-title">
        <h2 id="answer-title">Answer</h2>
        ${info
          ? html`<p class="small muted" data-run-info>
              ${info.status} · route <span class="mono" data-route>${info.route ?? "—"}</span> · ${info.attempts ?? "?"} attempt(s)
              ${info.firstTokenMs !== null ? ` · first token ${formatDuration(info.firstTokenMs)}` : ""}${info.totalMs !== null ? ` · total ${formatDuration(info.totalMs)}` : ""}
            </p>`
          : null}
        ${error ? html`<p class="error-text" role="alert">${error}</p>` : null}
        <div class="output" data-output aria-live="polite" aria-busy=${running}>${output || html`<span class="muted">The answer appears here.</span>`}</div>
        <details style="margin-top:0.75rem">
          <summary>Raw ${stream ? `events (${events.length})` : "response"}</summary>
          <pre class="code events">${events.join("\n\n")}</pre>
        </details>
      </section>
    </div>
  `;
}
