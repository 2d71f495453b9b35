import { redactDeep, stringRedactor, type Secrets } from '../client/index.ts';
import type { ContractReport } from './types.ts';

export { stringRedactor, type Secrets };

/**
 * A copy of the report with every credential masked; reporters only ever see this copy.
 * Free text (messages, violations, the recorded exchange) is scanned for the passwords and their
 * Basic encodings; names, ids and tags come from the specs and the catalog, never from a server.
 */
export function redactReport(report: ContractReport, secrets: Secrets): ContractReport {
  const redact = stringRedactor(secrets);
  return {
    ...report,
    summary: { ...report.summary, target: redact(report.summary.target) },
    results: report.results.map((result) => ({
      ...result,
      message: result.message === null ? null : redact(result.message),
      violations: result.violations.map((v) => ({ ...v, message: redact(v.message) })),
      earlierFailures: result.earlierFailures.map(redact),
      exchange: result.exchange === null ? null : redactDeep(result.exchange, redact),
      curl: result.curl === null ? null : redact(result.curl),
    })),
    // Attribute names and list values come from the server: scanned like every other server text.
    ...(report.drift !== undefined ? { drift: redactDeep(report.drift, redact) } : {}),
  };
}
