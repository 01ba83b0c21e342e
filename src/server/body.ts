// Request bodies: JSON only, at most maxBytes, valid UTF-8 — otherwise 415 / 413 / 400.
import type { IncomingMessage } from 'node:http';
import { ServerError } from './errors.ts';

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ServerError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON.', { hint: 'Send `Content-Type: application/json`.' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new ServerError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`, { headers: { Connection: 'close' } });
    }
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ServerError('INVALID_REQUEST', 'The request body is not valid UTF-8.');
  }
  if (!text.trim()) throw new ServerError('INVALID_REQUEST', 'The request body is empty; send a JSON value.');
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message quotes the body, which may hold secrets: say only what is wrong.
    throw new ServerError('INVALID_REQUEST', 'The request body is not valid JSON.');
  }
}
