// Headless Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
// separated by NUL on file descriptors 3 and 4), so that a test can ask the rendered page what is
// visible and hear every console error, with no extra package.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

/** The browser binary, or an error that says what to install. */
export function findChromium(): string {
  for (const name of CANDIDATES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  throw new Error(`no Chromium found (looked for ${CANDIDATES.join(', ')} on PATH): the HTML report check needs a real browser; install Debian's chromium package (apt-get install chromium)`);
}

export interface RenderedPage {
  /** The page's result of `expression` (returned by value). */
  readonly value: unknown;
  /** Console errors, uncaught exceptions and failed loads, one line each. */
  readonly errors: readonly string[];
  /** A PNG of the viewport. */
  readonly screenshot: Buffer;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** Opens `file` in headless Chromium at `width`×`height`, evaluates `expression`, and takes a screenshot. */
export async function renderPage(file: string, expression: string, width = 1200, height = 1400, timeoutMs = 60_000): Promise<RenderedPage> {
  const binary = findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'gwscheck-chromium-'));
  const child = spawn(binary, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  const errors: string[] = [];
  const waiting = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const events: ((m: Message) => void)[] = [];
  let buffered = '';
  output.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let cut;
    while ((cut = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, cut)) as Message;
      buffered = buffered.slice(cut + 1);
      if (message.id !== undefined) {
        const pending = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message);
      } else {
        for (const listener of events) listener(message);
      }
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const pending of waiting.values()) pending.reject(new Error(`chromium exited (${signal ?? code ?? 'unknown'}) before answering`));
      waiting.clear();
      resolve();
    }),
  );
  child.on('error', (error) => errors.push(`chromium: ${error.message}`));
  let next = 0;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Message> =>
    new Promise((resolve, reject) => {
      const id = (next += 1);
      waiting.set(id, { resolve, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  events.push((m) => {
    const p = m.params ?? {};
    if (m.method === 'Runtime.exceptionThrown') errors.push(`exception: ${JSON.stringify((p['exceptionDetails'] as { text?: string } | undefined)?.text)}`);
    if (m.method === 'Runtime.consoleAPICalled' && p['type'] === 'error') errors.push(`console.error: ${JSON.stringify(p['args'])}`);
    if (m.method === 'Log.entryAdded') {
      const entry = p['entry'] as { level?: string; text?: string } | undefined;
      if (entry?.level === 'error') errors.push(`log: ${entry.text ?? ''}`);
    }
  });
  const deadline = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const created = await send('Target.createTarget', { url: 'about:blank' });
    const attached = await send('Target.attachToTarget', { targetId: created.result?.['targetId'], flatten: true });
    const session = attached.result?.['sessionId'] as string;
    for (const domain of ['Page', 'Runtime', 'Log']) await send(`${domain}.enable`, {}, session);
    await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, session);
    const loaded = new Promise<void>((resolve) => events.push((m) => m.method === 'Page.loadEventFired' && resolve()));
    await send('Page.navigate', { url: pathToFileURL(file).href }, session);
    await loaded;
    const evaluated = await send('Runtime.evaluate', { expression, returnByValue: true }, session);
    const value = (evaluated.result?.['result'] as { value?: unknown } | undefined)?.value;
    const shot = await send('Page.captureScreenshot', { format: 'png' }, session);
    const data = shot.result?.['data'];
    const screenshot = Buffer.from(typeof data === 'string' ? data : '', 'base64');
    return { value, errors, screenshot };
  } finally {
    clearTimeout(deadline);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(profile, { recursive: true, force: true });
  }
}
