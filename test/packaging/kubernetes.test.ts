import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Container, Service } from 'kubernetes-types/core/v1.js';
import { loadProberConfig } from '../../src/config/index.ts';
import { runCommand, type CommandResult } from '../monitoring/prometheus-harness.ts';
import { PROMTOOL_BIN } from '../tools.ts';
import { typeCheck } from '../typecheck.ts';
import { DEPLOY_DIR, flagValue, REPO_ROOT, unknownProbeFlags } from './deploy.ts';

const KUBERNETES_DIR = `${DEPLOY_DIR}kubernetes/`;
const SCRAPE_FILE = `${KUBERNETES_DIR}prometheus/gwscheck-scrape.yml`;
const SHARD_WRAPPER = `${KUBERNETES_DIR}shard.mjs`;

/** Where kubernetes-types declares each kind the example uses. */
const KINDS: Record<string, { readonly module: string; readonly type: string }> = {
  'apps/v1 StatefulSet': { module: 'kubernetes-types/apps/v1.js', type: 'StatefulSet' },
  'v1 Service': { module: 'kubernetes-types/core/v1.js', type: 'Service' },
  'v1 ConfigMap': { module: 'kubernetes-types/core/v1.js', type: 'ConfigMap' },
};

interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
}

const manifests = readdirSync(KUBERNETES_DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
  .flatMap((file) =>
    parseAllDocuments(readFileSync(`${KUBERNETES_DIR}${file}`, 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return { file, object: doc.toJS() as KubeObject };
    }),
  );
const ofKind = <T,>(kind: string): T[] => manifests.filter((m) => m.object.kind === kind).map((m) => m.object as T);
const statefulSet = ofKind<StatefulSet>('StatefulSet')[0];
const service = ofKind<Service>('Service')[0];
const configMap = ofKind<ConfigMap>('ConfigMap')[0];
const container = statefulSet?.spec?.template.spec?.containers[0] as Container;
const env = (name: string): string | undefined => container.env?.find((e) => e.name === name)?.value;

/** A .ts file assigning each object to its kubernetes-types type; strict object literals catch unknown or mistyped fields. */
function manifestSource(objects: readonly KubeObject[]): string {
  const used = new Map<string, Set<string>>();
  const lines = objects.map((object, i) => {
    const kind = KINDS[`${object.apiVersion} ${object.kind}`];
    if (kind === undefined) return `export const object${i}: never = ${JSON.stringify(`${object.apiVersion} ${object.kind}`)}; // a kind this test has no type for`;
    used.set(kind.module, (used.get(kind.module) ?? new Set()).add(kind.type));
    return `export const object${i}: ${kind.type} = ${JSON.stringify(object)};`;
  });
  const imports = [...used].map(([module, types]) => `import type { ${[...types].join(', ')} } from '${module}';`);
  return [...imports, ...lines, ''].join('\n');
}

function runWrapper(args: readonly string[], environment: Record<string, string>): Promise<CommandResult> {
  return runCommand(process.execPath, [SHARD_WRAPPER, ...args], REPO_ROOT, { ...process.env, ...environment });
}

/** The PROBE column of `probe --once`'s table. */
function probesOf(table: string): string[] {
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[1] ?? '')
    .filter((probe) => probe !== '')
    .sort();
}

describe('deploy/kubernetes', () => {
  it('holds a StatefulSet, a Service and a ConfigMap', () => {
    expect(manifests.map((m) => m.object.kind).sort()).toEqual(['ConfigMap', 'Service', 'StatefulSet']);
  });

  it('type-checks against kubernetes-types (tsc on a generated file); a mistyped object does not', async () => {
    const objects = manifests.map((m) => m.object);
    const mistyped = objects.map((o) =>
      o.kind === 'StatefulSet' ? { ...o, spec: { ...(o as StatefulSet).spec, replicas: '3', podManagementPolicy: 'Parallel', unknownField: true } } : o,
    );
    const result = await typeCheck({ 'manifests.ts': manifestSource(objects), 'mistyped.ts': manifestSource(mistyped) });
    expect(result.errors.get('manifests.ts') ?? [], result.output).toEqual([]);
    const errors = (result.errors.get('mistyped.ts') ?? []).join('\n');
    expect(errors).toMatch(/string' is not assignable to type 'number'|unknownField/);
  }, 120_000);

  it('each replica takes --shard INDEX/COUNT from its ordinal, COUNT being the replicas', () => {
    expect(container.command).toEqual(['/usr/bin/tini', '--', 'node', 'deploy/kubernetes/shard.mjs']);
    expect(container.args?.[0]).toBe('probe');
    expect(container.args).not.toContain('--shard');
    expect(unknownProbeFlags(container.args ?? [])).toEqual([]);
    expect(container.env?.find((e) => e.name === 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
    expect(Number(env('SHARD_COUNT'))).toBe(statefulSet?.spec?.replicas);
    // The wrapper is in the image the StatefulSet runs.
    expect(readFileSync(`${REPO_ROOT}Dockerfile`, 'utf8')).toMatch(/^COPY deploy\/kubernetes\/shard\.mjs /m);
  });

  it('the config file the container reads is the ConfigMap, and it is a valid prober config', () => {
    const configPath = flagValue(container.args ?? [], '--config') ?? '';
    const mount = container.volumeMounts?.find((m) => configPath.startsWith(`${m.mountPath}/`));
    const volume = statefulSet?.spec?.template.spec?.volumes?.find((v) => v.name === mount?.name);
    expect(volume?.configMap?.name).toBe(configMap?.metadata?.name);
    const text = configMap?.data?.[configPath.slice((mount?.mountPath.length ?? 0) + 1)];
    expect(text).toBeDefined();
    const passwords: Record<string, string> = Object.fromEntries([...(text ?? '').matchAll(/passwordEnv: (\w+)/g)].map((m): [string, string] => [m[1] ?? '', 'secret']));
    expect(Object.keys(passwords).length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'gwscheck-k8s-'));
    try {
      writeFileSync(join(dir, 'prober.yaml'), text ?? '');
      const config = loadProberConfig({ flags: { config: join(dir, 'prober.yaml') }, env: passwords });
      expect(config?.targets.map((t) => t.name)).toEqual(['gws-a', 'gws-b']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the Service selects the pods, names the StatefulSet\'s service and exposes the --listen port', () => {
    expect(statefulSet?.spec?.serviceName).toBe(service?.metadata?.name);
    const podLabels = statefulSet?.spec?.template.metadata?.labels ?? {};
    expect(podLabels).toMatchObject(statefulSet?.spec?.selector.matchLabels ?? { missing: 'selector' });
    expect(podLabels).toMatchObject(service?.spec?.selector ?? { missing: 'selector' });
    const port = Number(flagValue(container.args ?? [], '--listen')?.split(':')[1]);
    expect(container.ports?.find((p) => p.name === 'metrics')?.containerPort).toBe(port);
    expect(service?.spec?.ports?.find((p) => p.name === 'metrics')).toMatchObject({ port, targetPort: 'metrics' });
    expect(service?.spec?.clusterIP).toBe('None');
  });

  it('probes liveness on /-/healthy and readiness on /-/ready, runs as non-root with a read-only root and a writable /tmp', () => {
    expect(container.livenessProbe?.httpGet?.path).toBe('/-/healthy');
    expect(container.readinessProbe?.httpGet?.path).toBe('/-/ready');
    expect(statefulSet?.spec?.template.spec?.securityContext?.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.volumeMounts?.map((m) => m.mountPath)).toContain('/tmp');
    expect(container.envFrom?.[0]?.secretRef?.name).toBe('gwscheck-prober');
  });
});

describe('deploy/kubernetes/shard.mjs', () => {
  it('runs gwscheck probe with --shard ORDINAL/SHARD_COUNT: the same probes as --shard given by hand', async () => {
    const gwscheck = (...args: string[]) => runCommand(process.execPath, [`${REPO_ROOT}bin/gwscheck.js`, 'probe', '--simulator', '--once', ...args], REPO_ROOT);
    const [wrapped, direct, all] = await Promise.all([
      runWrapper(['probe', '--simulator', '--once'], { POD_NAME: 'gwscheck-prober-1', SHARD_COUNT: '3' }),
      gwscheck('--shard', '1/3'),
      gwscheck(),
    ]);
    expect(wrapped.code, wrapped.stderr).toBe(0);
    expect(probesOf(wrapped.stdout).length).toBeGreaterThan(0);
    expect(probesOf(wrapped.stdout)).toEqual(probesOf(direct.stdout));
    expect(probesOf(wrapped.stdout).length).toBeLessThan(probesOf(all.stdout).length);
  }, 90_000);

  it.each([
    [{ POD_NAME: 'gwscheck-prober', SHARD_COUNT: '3' }, /^gwscheck shard: POD_NAME "gwscheck-prober" does not end in a StatefulSet ordinal/],
    [{ POD_NAME: 'gwscheck-prober-0', SHARD_COUNT: 'three' }, /^gwscheck shard: SHARD_COUNT "three" is not a positive integer/],
    [{ POD_NAME: 'gwscheck-prober-3', SHARD_COUNT: '3' }, /^gwscheck shard: pod ordinal 3 of gwscheck-prober-3 is not below SHARD_COUNT 3/],
  ])('refuses %o with one line and exit 2', async (environment, message) => {
    const result = await runWrapper(['probe', '--simulator', '--once'], environment);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('deploy/kubernetes/prometheus/gwscheck-scrape.yml', () => {
  it('passes promtool check config', async () => {
    const result = await runCommand(PROMTOOL_BIN, ['check', 'config', SCRAPE_FILE]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('is the gwscheck job with honor_labels, finding every replica through the headless Service on its port', () => {
    const [job] = (parseAllDocuments(readFileSync(SCRAPE_FILE, 'utf8'))[0]?.toJS() as {
      scrape_configs: { job_name: string; honor_labels?: boolean; dns_sd_configs?: { names: string[]; type: string; port: number }[] }[];
    }).scrape_configs;
    expect(job?.job_name).toBe('gwscheck');
    expect(job?.honor_labels).toBe(true);
    const dns = job?.dns_sd_configs?.[0];
    expect(dns?.type).toBe('A');
    expect(dns?.names[0]?.split('.')[0]).toBe(service?.metadata?.name);
    expect(dns?.port).toBe(service?.spec?.ports?.[0]?.port);
    expect(service?.spec?.publishNotReadyAddresses).toBe(true);
  });
});
