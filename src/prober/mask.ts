import { stringRedactor } from '../client/index.ts';
import type { ProberTarget } from '../config/index.ts';
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

/** A result whose server-made text (the error line and violation messages) has passed the redaction. */
export function maskResult(result: ProbeResult, redact: (text: string) => string): ProbeResult {
  return {
    ...result,
    violations: result.violations.map((v) => ({ ...v, message: redact(v.message) })),
    ...(result.error !== undefined ? { error: redact(result.error) } : {}),
  };
}
