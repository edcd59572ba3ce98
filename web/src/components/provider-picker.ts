// Searchable provider catalog (160+ entries plus custom upstreams): type to filter by name, id, family or model,
// pick one with a click or the keyboard.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.ts";
import { html } from "../html.ts";
import type { Provider } from "../types.ts";

type Props = { selected: string | undefined; onSelect: (provider: Provider) => void };

export function ProviderPicker({ selected, onSelect }: Props) {
  const [search, setSearch] = useState("");
  const [providers, setProviders] = useState<Provider[]>([]);
  const [total, setTotal] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api<{ total: number; providers: Provider[] }>(`/api/providers?usable=true&search=${encodeURIComponent(search)}`, { signal: controller.signal })
        .then((result) => {
          setProviders(result.providers);
          setTotal(result.total);
        })
        .catch(() => undefined);
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search]);
  return html`
    <div>
      <label class="field" for="provider-search">
        <span>Provider <span class="hint">${providers.length} of ${total} shown · custom upstreams first</span></span>
        <input class="input" id="provider-search" type="search" placeholder="Search: openai, claude, groq, local…" value=${search} onInput=${(event: Event) => setSearch((event.target as HTMLInputElement).value)} />
      </label>
      <div class="catalog" role="list" aria-label="Provider catalog">
        ${providers.map(
          (provider) => html`
            <div role="listitem">
              <button type="button" style="width:100%" aria-pressed=${provider.id === selected} data-provider=${provider.id} onClick=${() => onSelect(provider)}>
                <strong>${provider.name}</strong>
                <span class="muted small">${provider.custom ? `your own ${provider.family} URL` : `${provider.family} · ${provider.modelCount} models`}</span>
                ${provider.authStyle === "oauth" ? html` <span class="badge accent">OAuth</span>` : null}
                ${provider.local ? html` <span class="badge">local</span>` : null}
              </button>
            </div>
          `,
        )}
      </div>
    </div>
  `;
}
