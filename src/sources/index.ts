// The table of sources: adding a provider = one folder + one line here.
import { TracebaseError } from '../core/errors.ts';
import type { Provider } from '../core/types.ts';
import { quoteRedacted } from '../redact/clip.ts';
import { claudeAdapter } from './claude/index.ts';
import { codexAdapter } from './codex/index.ts';
import type { SourceAdapter } from './types.ts';

export const SOURCES: readonly SourceAdapter[] = [codexAdapter, claudeAdapter];

export function adapterFor(provider: Provider): SourceAdapter {
  const a = SOURCES.find((s) => s.provider === provider);
  if (!a) throw new TracebaseError('USAGE', `Unknown provider ${quoteRedacted(String(provider), 40)}.`, `Use one of: ${SOURCES.map((x) => x.provider).join(', ')}.`);
  return a;
}
