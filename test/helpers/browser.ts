// Real Chromium (Debian's /usr/bin/chromium, never a downloaded browser) driven by
// playwright-core, and the real `tracebase serve` on a free loopback port.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { BIN } from './env.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface RunningServer {
  /** The dashboard's address (as printed: with `?token=…` when serving on the network). */
  url: string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

/** `tracebase serve --port 0 [args]` as a child process; resolves with the URL it prints. */
export function startServe(env: Record<string, string>, args: string[] = [], timeoutMs = 20_000): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print its URL within ${timeoutMs} ms.\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before listening.\nstdout: ${out}\nstderr: ${err}`));
    };
    child.on('exit', early);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Tracebase dashboard: (http:\/\/\S+\/(?:\?token=\S+)?)\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve({
        url: m[1]!,
        stderr: () => err,
        stop: async () => {
          if (child.exitCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          const code = await exited;
          clearTimeout(kill);
          return code;
        },
      });
    });
  });
}

/** Polls `cond` until it holds (for page state that changes without a navigation to wait for). */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The page's location hash, decoded (hash routes change it without navigating). */
export const hashOf = (page: Page): string => decodeURIComponent(new URL(page.url()).hash);

/** A computed style property of the first element a locator matches. */
export const styleOf = (loc: Locator, prop: string): Promise<string> =>
  loc.evaluate((el, p) => el.ownerDocument.defaultView!.getComputedStyle(el).getPropertyValue(p), prop);
