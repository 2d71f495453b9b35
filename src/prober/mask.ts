import { redactDeep, stringRedactor } from '../client/index.ts';
import type { ProberTarget } from '../config/index.ts';
import type { ReportedExchange } from '../reporters/index.ts';
import type { ProbeResult } from './types.ts';

/**
 * The redaction for one target's text: its passwords and their Basic forms, plus every credential
 * shape the client's redaction knows. Public credentials (an embedded simulator's published seed
 * passwords, words like "admin") are left out so that they do not garble every message.
 */
export function targetRedactor(target: ProberTarget, credentialsArePublic: boolean): (text: string) => string {
  const people = [target.user, target.admin, target.stateChange?.agent, target.syntheticCall?.agent, target.syntheticChat?.agent].filter((p) => p !== undefined);
  return stringRedactor(credentialsArePublic ? { passwords: [] } : { passwords: people.map((p) => p.password), pairs: people });
}

/** Text cut at a limit may end inside a secret: read as cut text (`Zq9-un…`), the start of one is masked too. */
function redactCut(text: string, redact: (text: string) => string): string {
  const masked = redact(`${text}…`);
  return masked.endsWith('…') ? masked.slice(0, -1) : masked;
}

/** The exchange with every string and every secret-named attribute or header passed through the redaction. */
function maskExchange(exchange: ReportedExchange, redact: (text: string) => string): ReportedExchange {
  const masked = redactDeep(exchange, redact);
  if (exchange.bodyTruncated === undefined || typeof exchange.body !== 'string') return masked;
  return { ...masked, body: redactCut(exchange.body, redact) };
}

/** A result whose server-made text (the error line, violation messages, the failed exchange) has passed the redaction. */
export function maskResult(result: ProbeResult, redact: (text: string) => string): ProbeResult {
  return {
    ...result,
    violations: result.violations.map((v) => ({ ...v, message: redact(v.message) })),
    ...(result.error !== undefined ? { error: redact(result.error) } : {}),
    ...(result.exchange !== undefined ? { exchange: maskExchange(result.exchange, redact) } : {}),
  };
}
