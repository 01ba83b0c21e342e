// Sealing of raw records: zstd-compress, then AES-256-GCM with a fresh 96-bit nonce and
// the record's identity as associated data, so records cannot be swapped or edited unseen.
import { createCipheriv, createDecipheriv, createHash, createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { TracebaseError } from '../core/errors.ts';

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** First plaintext byte: how the payload is encoded (authenticated with it). */
const ENC_PLAIN = 0;
const ENC_ZSTD = 1;

export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Parse a base64 key (TRACE_KEY or the key file). Never echoes the value. */
export function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const valid = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed);
  const key = valid ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    // 64 hex digits (`openssl rand -hex 32`) read as base64 give 48 bytes: say which it is.
    const hex = /^[0-9a-fA-F]{64}$/.test(trimmed) ? ', from 64 hex digits: a key is base64 (`openssl rand -base64 32`)' : '';
    throw new TracebaseError(
      'KEY_INVALID',
      `${source} is not a valid key: it must be base64 of exactly ${KEY_BYTES} bytes (got ${trimmed === '' ? 'nothing: it is empty' : valid ? `${key.length} bytes${hex}` : 'non-base64 text'}).`,
      source === 'TRACE_KEY'
        ? 'Set TRACE_KEY to the base64 key this store was created with (for example `export TRACE_KEY="$(cat ~/.traces/key)"`), or unset it to use the key file.'
        : 'Restore the key file from your backup; without the original key the encrypted records cannot be read.',
    );
  }
  return key;
}

/** A value derived from the key that proves a key matches a store without revealing it. */
export function keyCheck(key: Buffer): string {
  return createHmac('sha256', key).update('tracebase key check v1').digest('base64');
}

/** Short public fingerprint for display (doctor). */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function keyMatches(key: Buffer, stored: string): boolean {
  const a = Buffer.from(keyCheck(key));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Sealer {
  seal(aad: Buffer, plaintext: Buffer): Buffer;
  open(aad: Buffer, sealed: Buffer): Buffer;
}

/** Payloads below this are stored uncompressed: zstd framing would cost more than it saves. */
const COMPRESS_MIN = 96;

/**
 * zlib's output buffer for a payload of `n` bytes: the default 16 KB is cut from Node's shared 64 KB
 * Buffer pool, so importing many small files discarded a pool every four records, and the
 * collector let ~20 MB of them pile up before it freed them (a malloc high-water mark the process
 * kept). A compressed copy longer than its payload is not kept, so the payload's size is enough.
 */
const outputChunk = (n: number): number => Math.min(16 << 10, Math.max(64, n));

export function createSealer(key: Buffer): Sealer {
  return {
    seal(aad, plaintext) {
      let enc = ENC_PLAIN;
      let body = plaintext;
      if (plaintext.length >= COMPRESS_MIN) {
        const z = zstdCompressSync(plaintext, { chunkSize: outputChunk(plaintext.length) });
        if (z.length < plaintext.length) {
          enc = ENC_ZSTD;
          body = z;
        }
      }
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(aad);
      const head = cipher.update(Buffer.of(enc));
      const main = cipher.update(body);
      const fin = cipher.final();
      return Buffer.concat([nonce, head, main, fin, cipher.getAuthTag()]);
    },
    open(aad, sealed) {
      if (sealed.length < NONCE_BYTES + 1 + TAG_BYTES) throw tampered();
      const nonce = sealed.subarray(0, NONCE_BYTES);
      const tag = sealed.subarray(sealed.length - TAG_BYTES);
      const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
      let plain: Buffer;
      try {
        const d = createDecipheriv('aes-256-gcm', key, nonce);
        d.setAAD(aad);
        d.setAuthTag(tag);
        plain = Buffer.concat([d.update(body), d.final()]);
      } catch (e) {
        throw tampered(e);
      }
      const enc = plain[0];
      const payload = plain.subarray(1);
      // (The same for reading back, guessing the text at four times its compressed size: a longer
      // one takes more chunks.)
      if (enc === ENC_ZSTD) return zstdDecompressSync(payload, { chunkSize: outputChunk(payload.length * 4) });
      if (enc === ENC_PLAIN) return payload;
      throw tampered();
    },
  };
}

function tampered(cause?: unknown): TracebaseError {
  return new TracebaseError(
    'RECORD_TAMPERED',
    'An encrypted record failed its integrity check: it was modified, swapped or corrupted on disk.',
    'Run `tracebase doctor` to list damaged records. `tracebase index --force` drops them, and then `tracebase import` reads their transcripts again where they are still on disk. Otherwise restore the store from a backup.',
    { cause },
  );
}

/** Key for line identities and file fingerprints, derived from the store key: with a plain hash,
 * an identity shown next to redacted text would let anyone confirm a guess of what was redacted. */
export const identityKey = (key: Buffer): KeyObject => createSecretKey(createHmac('sha256', key).update('tracebase line identity v1').digest());
