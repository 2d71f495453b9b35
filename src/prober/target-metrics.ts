import type { Registry } from 'prom-client';
import { GaugeFamily } from './series.ts';

/**
 * What the prober learns of each target beside its probes: the version GET /diagnostics/version
 * answers (gwscheck_target_info) and the features GET /features lists (gwscheck_target_feature_enabled).
 */
export function createTargetMetrics(registers: Registry[]) {
  const targetInfo = new GaugeFamily({
    name: 'gwscheck_target_info',
    help: 'Always 1; the version label is what GET diagnostics/version answered.',
    labelNames: ['target', 'version'] as const,
    registers,
  });
  const featureEnabled = new GaugeFamily({
    name: 'gwscheck_target_feature_enabled',
    help: '1 while GET /features lists the feature on the target, 0 for one it listed earlier in this process and lists no more; no series for a target without the features resource.',
    labelNames: ['target', 'feature'] as const,
    registers,
  });
  const targetVersions = new Map<string, string>();
  // Every feature each target has listed in this process: one no longer listed reads 0, not absent.
  const seenFeatures = new Map<string, Set<string>>();

  return {
    /**
     * What GET /features lists for a target: 1 for each feature listed, 0 for each one listed by an
     * earlier read and no more. Undefined (no features resource) removes the target's series.
     */
    targetFeatures(target: string, enabled: ReadonlySet<string> | undefined): void {
      const seen = seenFeatures.get(target) ?? new Set<string>();
      if (enabled === undefined) {
        for (const feature of seen) featureEnabled.remove({ target, feature });
        seenFeatures.delete(target);
        return;
      }
      for (const feature of enabled) seen.add(feature);
      seenFeatures.set(target, seen);
      for (const feature of seen) featureEnabled.set({ target, feature }, enabled.has(feature) ? 1 : 0);
    },

    /** One series per target: the old version's series goes when the version changes. */
    targetVersion(target: string, version: string): void {
      const previous = targetVersions.get(target);
      if (previous === version) return;
      if (previous !== undefined) targetInfo.remove({ target, version: previous });
      targetVersions.set(target, version);
      targetInfo.set({ target, version }, 1);
    },
  };
}
