import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NormalizedEvent } from '../../core/types.ts';
import { fingerprint } from './dedupe.ts';
import { codexAdapter } from './index.ts';

const env = (type: string, payload: object) => JSON.stringify({ timestamp: '2026-03-01T10:00:00.000Z', type, payload });
const userItem = (text: string) => env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const userEvent = (message: string) => env('event_msg', { type: 'user_message', message, images: [] });
const assistantItem = (text: string) => env('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
const agentEvent = (message: string) => env('event_msg', { type: 'agent_message', message });
const reasoningItem = (...parts: string[]) =>
  env('response_item', { type: 'reasoning', summary: parts.map((text) => ({ type: 'summary_text', text })), encrypted_content: 'gAAAAABopaque==' });
const reasoningEvent = (text: string) => env('event_msg', { type: 'agent_reasoning', text });

function parse(lines: string[]): NormalizedEvent[] {
  const parser = codexAdapter.createParser('/s/rollout-2026-03-01T10-00-00-01950000-0000-7000-8000-000000000001.jsonl');
  return lines.flatMap((l, i) => parser.parseLine(l, i).events);
}
const shape = (evs: NormalizedEvent[]) => evs.map((e) => `${e.kind}${e.duplicate ? ':dup' : ''}`);

describe('codex duplicated streams', () => {
  it('marks whichever copy comes second, in either order', () => {
    assert.deepEqual(shape(parse([userItem('fix it'), userEvent('fix it')])), ['user_prompt', 'user_prompt:dup']);
    assert.deepEqual(shape(parse([userEvent('fix it'), userItem('fix it')])), ['user_prompt', 'user_prompt:dup']);
    assert.deepEqual(shape(parse([agentEvent('done'), assistantItem('done')])), ['assistant_text', 'assistant_text:dup']);
    assert.deepEqual(shape(parse([reasoningItem('**plan**'), reasoningEvent('**plan**')])), ['reasoning', 'reasoning:dup']);
  });

  it('keeps everything when a file has only one of the streams', () => {
    assert.deepEqual(shape(parse([userEvent('a'), agentEvent('b'), userEvent('a'), agentEvent('b')])), ['user_prompt', 'assistant_text', 'user_prompt', 'assistant_text']);
    assert.deepEqual(shape(parse([userItem('a'), assistantItem('b'), userItem('a')])), ['user_prompt', 'assistant_text', 'user_prompt']);
  });

  it('pairs repeated identical prompts one to one', () => {
    assert.deepEqual(shape(parse([userItem('go'), userEvent('go'), userItem('go'), userEvent('go')])), ['user_prompt', 'user_prompt:dup', 'user_prompt', 'user_prompt:dup']);
  });

  it('pairs a multi-part reasoning summary with one display event per part', () => {
    assert.deepEqual(shape(parse([reasoningEvent('one'), reasoningEvent('two'), reasoningItem('one', 'two')])), ['reasoning', 'reasoning', 'reasoning:dup']);
    assert.deepEqual(shape(parse([reasoningItem('one', 'two'), reasoningEvent('one'), reasoningEvent('two')])), ['reasoning', 'reasoning:dup', 'reasoning:dup']);
  });

  it('pairs a prompt with images by its first text part', () => {
    const withImage = env('response_item', {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'what is wrong here?' }, { type: 'input_text', text: '<image>' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }],
    });
    const evs = parse([withImage, env('event_msg', { type: 'user_message', message: 'what is wrong here?', images: ['data:image/png;base64,AAAA'] })]);
    assert.deepEqual(shape(evs), ['user_prompt', 'user_prompt:dup']);
    assert.equal(evs[0]?.text, 'what is wrong here?\n<image>\n[image]');
  });

  it('matches the two spellings of a sanitised text by length and hash', () => {
    assert.equal(fingerprint('[REDACTED_TEXT len=86 sha=2239bcba]'), fingerprint('[REDACTED_MESSAGE len=86 sha=2239bcba]'));
    assert.notEqual(fingerprint('[REDACTED_TEXT len=86 sha=2239bcba]'), fingerprint('[REDACTED_TEXT len=86 sha=2239bcbb]'));
    assert.equal(fingerprint('  same text\n'), fingerprint('same text'));
  });

  it('tags injected context as scaffolding, never as a prompt', () => {
    const evs = parse([
      userItem('<environment_context>\n  <cwd>/w</cwd>\n</environment_context>'),
      userItem('# AGENTS.md instructions for /w\n\n<INSTRUCTIONS>\nbe brief\n</INSTRUCTIONS>'),
      env('response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>read-only</permissions instructions>' }] }),
      userItem('<user_instructions>\nuse pnpm\n</user_instructions>'),
      userItem('## My request for Codex:\nrename the flag'),
    ]);
    assert.deepEqual(
      evs.map((e) => [e.kind, e.scaffold ?? false]),
      [
        ['meta', true],
        ['meta', true],
        ['meta', true],
        ['meta', true],
        ['user_prompt', false],
      ],
    );
  });
});
