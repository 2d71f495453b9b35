import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLACKBOX_EXPORTER_BIN } from '../../test/tools.ts';
import { freePort, spawnTool, type Tool } from './child.ts';

export const BLACKBOX_BIN = process.env.BLACKBOX_EXPORTER_BIN ?? BLACKBOX_EXPORTER_BIN;

/** Module without credentials (diagnostics/version) and one per bench user with Basic auth. */
export const MODULE_ANONYMOUS = 'http_ip4';
export const MODULE_AGENT = 'http_ip4_agent';

export interface Blackbox {
  readonly url: string;
  readonly tool: Tool;
  stop(): Promise<void>;
}

/**
 * The http modules are as close to gwscheck's checks as blackbox_exporter allows: IPv4 only
 * (it tries IPv6 first otherwise), HTTP 200 required, and the success envelope's statusCode 0
 * matched in the body, so both tools read the whole body.
 */
function config(username: string, password: string): string {
  const http = (auth: string): string =>
    [
      '    prober: http',
      '    timeout: 5s',
      '    http:',
      '      preferred_ip_protocol: ip4',
      '      ip_protocol_fallback: false',
      '      valid_status_codes: [200]',
      `      fail_if_body_not_matches_regexp: ['"statusCode":\\s*0']`,
      auth,
    ].join('\n');
  return [
    'modules:',
    `  ${MODULE_ANONYMOUS}:`,
    http(''),
    `  ${MODULE_AGENT}:`,
    http(['      basic_auth:', `        username: ${JSON.stringify(username)}`, `        password: ${JSON.stringify(password)}`].join('\n')),
    '',
  ].join('\n');
}

export async function startBlackbox(username: string, password: string): Promise<Blackbox> {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-bench-blackbox-'));
  const configFile = join(dir, 'blackbox.yml');
  writeFileSync(configFile, config(username, password));
  const port = await freePort();
  if (!existsSync(BLACKBOX_BIN)) {
    throw new Error(`blackbox_exporter not found at ${BLACKBOX_BIN} (expected on PATH or in the tool cache that npm test fills, or set BLACKBOX_EXPORTER_BIN)`);
  }
  const tool = await spawnTool({
    name: 'blackbox_exporter',
    command: BLACKBOX_BIN,
    args: [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=info'],
    readyLine: /Listening on/,
    readyTimeoutMs: 10_000,
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    tool,
    stop: async () => {
      await tool.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BlackboxProbe {
  readonly success: boolean;
  /** probe_duration_seconds as blackbox_exporter reports it, in milliseconds. */
  readonly reportedMs: number;
}

function sample(text: string, metric: string): number {
  const match = new RegExp(`^${metric} (\\S+)$`, 'm').exec(text);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]);
}

/** One probe, asked of blackbox_exporter the way Prometheus asks it (GET /probe). */
export async function probeOnce(blackboxUrl: string, target: string, module: string): Promise<BlackboxProbe> {
  const url = `${blackboxUrl}/probe?target=${encodeURIComponent(target)}&module=${encodeURIComponent(module)}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`blackbox_exporter /probe answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  return { success: sample(text, 'probe_success') === 1, reportedMs: sample(text, 'probe_duration_seconds') * 1000 };
}
