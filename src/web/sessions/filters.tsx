// The session list's search box and filters. The URL is the state: every change rewrites it.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { href, navigate, parseHash } from '../route.ts';

export const FILTER_KEYS = ['q', 'provider', 'project', 'model', 'since', 'until', 'failures', 'subagents'] as const;

interface Props {
  params: URLSearchParams;
  searchRef: RefObject<HTMLInputElement | null>;
  models: string[];
  projects: string[];
  onSearchKey: (e: KeyboardEvent) => void;
}

/** Where a typed filter's value lands in the URL: from the URL as it is now, not as the render
 * that scheduled it saw it, so a delayed update never undoes a filter chosen meanwhile. */
function setParam(key: string, value: string | null, replace = false): void {
  const next = new URLSearchParams(parseHash(location.hash).params);
  if (value) next.set(key, value);
  else next.delete(key);
  navigate(href('/sessions', next), { replace });
}

/** A text filter applied as it is typed (after a pause; the history entry is rewritten, not one
 * added per keystroke), its box following the URL (back, Clear filters) but for blanks at its end
 * while typing. */
function useTyped(params: URLSearchParams, key: string, delay: number): [string, (v: string) => void, () => void] {
  const v = params.get(key) ?? '';
  const [draft, setDraft] = useState(v);
  const typed = useRef(draft);
  typed.current = draft;
  useEffect(() => {
    if (v !== typed.current.trim()) setDraft(v);
  }, [v]);
  const apply = () => {
    if (typed.current.trim() !== v) setParam(key, typed.current.trim() || null, true);
  };
  useEffect(() => {
    const t = setTimeout(apply, delay);
    return () => clearTimeout(t);
  }, [draft]);
  return [draft, setDraft, apply];
}

export function Filters({ params, searchRef, models, projects, onSearchKey }: Props) {
  const [draft, setDraft, applyQ] = useTyped(params, 'q', 250);
  const [project, setProject, applyProject] = useTyped(params, 'project', 400);
  const [model, setModel, applyModel] = useTyped(params, 'model', 400);
  const set = (key: string, value: string | null) => setParam(key, value);

  const active = FILTER_KEYS.some((k) => params.get(k));
  return (
    <form
      class="filters"
      aria-label="Search and filter sessions"
      onSubmit={(e) => {
        e.preventDefault();
        applyQ();
        applyProject();
        applyModel();
      }}
    >
      <label class="search">
        <span class="sr-only">Search sessions</span>
        <input
          ref={searchRef}
          type="search"
          name="q"
          placeholder="Search prompts, commands, output…  ( / )"
          autocomplete="off"
          spellcheck={false}
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Esc clears the search (the browser would empty the box alone, the list still
            // filtered by it); on an empty box it leaves the box (onSearchKey).
            if (e.key === 'Escape' && draft !== '') {
              e.preventDefault();
              setDraft('');
              setParam('q', null, true);
              return;
            }
            onSearchKey(e);
          }}
        />
      </label>
      <label>
        <span>Provider</span>
        <select name="provider" value={params.get('provider') ?? ''} onChange={(e) => set('provider', e.currentTarget.value)}>
          <option value="">All</option>
          <option value="claude">Claude Code</option>
          <option value="codex">Codex</option>
        </select>
      </label>
      <label>
        <span>Project</span>
        <input
          name="project"
          list="tb-projects"
          placeholder="any"
          value={project}
          onInput={(e) => setProject(e.currentTarget.value)}
        />
        <datalist id="tb-projects">
          {projects.map((p) => <option key={p} value={p} />)}
        </datalist>
      </label>
      <label>
        <span>Model</span>
        <input name="model" list="tb-models" placeholder="any" value={model} onInput={(e) => setModel(e.currentTarget.value)} />
        <datalist id="tb-models">
          {models.map((m) => <option key={m} value={m} />)}
        </datalist>
      </label>
      <label>
        <span>From</span>
        <input type="date" name="since" value={params.get('since') ?? ''} onChange={(e) => set('since', e.currentTarget.value)} />
      </label>
      <label>
        <span>To</span>
        <input type="date" name="until" value={params.get('until') ?? ''} onChange={(e) => set('until', e.currentTarget.value)} />
      </label>
      <label>
        <span>Failures</span>
        <select name="failures" value={params.get('failures') ?? ''} onChange={(e) => set('failures', e.currentTarget.value)}>
          <option value="">Any</option>
          <option value="yes">With failures</option>
          <option value="no">Without failures</option>
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="subagents" checked={params.get('subagents') === '1'} onChange={(e) => set('subagents', e.currentTarget.checked ? '1' : null)} />
        <span>Subagents</span>
      </label>
      {active && (
        <button
          type="button"
          class="link-btn clear"
          onClick={() => {
            // Typed values still waiting for their pause go too.
            setDraft('');
            setProject('');
            setModel('');
            navigate(href('/sessions', { sort: params.get('sort') }));
          }}
        >
          Clear filters
        </button>
      )}
      {inverted(params.get('since'), params.get('until')) && (
        <p class="hint bad" role="status">
          From is after To: no session can be in that range.
        </p>
      )}
    </form>
  );
}

/** From a later day than To (a dashboard pass: it was taken silently, and sessions spanning both showed). */
const inverted = (since: string | null, until: string | null): boolean => !!since && !!until && /^\d{4}-\d\d-\d\d$/.test(since) && /^\d{4}-\d\d-\d\d$/.test(until) && since > until;
