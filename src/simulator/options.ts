import { SYSTEM_FEATURES, type FeatureName } from './features.ts';
import { validateFixtures } from './fixtures.ts';
import { DEFAULT_FIXTURES, DEFAULT_VERSION } from './seed.ts';
import { DEFECT_MODES, type DefectMode, type ResolvedSimulatorOptions, type SimulatorOptions } from './types.ts';

/** Options that cannot work; one line naming the bad value. */
export class SimulatorOptionError extends Error {
  override readonly name = 'SimulatorOptionError';
}

export function validateDefects(value: unknown): DefectMode[] {
  if (!Array.isArray(value)) throw new SimulatorOptionError(`defects must be an array of defect names (one of ${DEFECT_MODES.join(', ')})`);
  for (const d of value) {
    if (typeof d !== 'string' || !(DEFECT_MODES as readonly string[]).includes(d)) {
      throw new SimulatorOptionError(`defect ${JSON.stringify(d)} is not one of ${DEFECT_MODES.join(', ')}`);
    }
  }
  return value as DefectMode[];
}

/**
 * The features to turn off (`disabledFeatures`, `--disable-feature`): each must be one of
 * `SYSTEM_FEATURES`, else one line naming it and the known ones.
 */
export function validateDisabledFeatures(value: unknown): FeatureName[] {
  const known = SYSTEM_FEATURES.join(', ');
  if (!Array.isArray(value)) throw new SimulatorOptionError(`disabledFeatures must be an array of feature names (one of ${known})`);
  for (const name of value) {
    if (typeof name !== 'string' || !(SYSTEM_FEATURES as readonly string[]).includes(name)) {
      throw new SimulatorOptionError(`feature ${JSON.stringify(name)} is not one of ${known}`);
    }
  }
  // Each once, in the system's order.
  return SYSTEM_FEATURES.filter((feature) => (value as readonly unknown[]).includes(feature));
}

function oneOf<T>(name: string, value: T | undefined, fallback: T, allowed: readonly T[], expected: string): T {
  const v = value ?? fallback;
  if (!allowed.includes(v)) throw new SimulatorOptionError(`${name} ${typeof v === 'string' ? JSON.stringify(v) : String(v)} must be ${expected}`);
  return v;
}

function integer(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new SimulatorOptionError(`${name} ${String(value)} must be an integer >= ${min}`);
  return v;
}

function resolve(options: SimulatorOptions): ResolvedSimulatorOptions {
  const prefix = (options.prefix ?? '/api/v2').replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9._~-]+)*$/.test(prefix)) {
    throw new SimulatorOptionError(`prefix ${JSON.stringify(options.prefix)} is not a URL path (expected e.g. /api/v2)`);
  }
  const version = options.version ?? DEFAULT_VERSION;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(version)) throw new SimulatorOptionError(`version ${JSON.stringify(version)} must have four dotted parts (e.g. 8.5.201.04)`);
  return {
    prefix,
    asyncDelayMs: integer('asyncDelayMs', options.asyncDelayMs, 50, 0),
    authFailureStatus: oneOf('authFailureStatus', options.authFailureStatus, 403, [401, 403] as const, '401 or 403'),
    csrf: options.csrf ?? false,
    urlLimit: integer('urlLimit', options.urlLimit, 2000, 1),
    urlLimitHttpStatus: oneOf('urlLimitHttpStatus', options.urlLimitHttpStatus, 414, [414, 400] as const, '414 or 400'),
    errorHttpStatus: oneOf('errorHttpStatus', options.errorHttpStatus, 'mapped', ['mapped', 'always-200'] as const, '"mapped" or "always-200"'),
    roleDenialStatusCode: oneOf('roleDenialStatusCode', options.roleDenialStatusCode, 5, [3, 5] as const, '3 or 5'),
    version,
    fixtures: validateFixtures(options.fixtures ?? DEFAULT_FIXTURES),
    maxBodyBytes: integer('maxBodyBytes', options.maxBodyBytes, 1024 * 1024, 1),
    disabledFeatures: Object.freeze(validateDisabledFeatures(options.disabledFeatures ?? [])),
  };
}

/** Options with their defaults filled in; any problem is a SimulatorOptionError with one line. */
export function resolveOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  try {
    return resolve(options);
  } catch (error) {
    if (error instanceof SimulatorOptionError) throw error;
    throw new SimulatorOptionError((error as Error).message);
  }
}
