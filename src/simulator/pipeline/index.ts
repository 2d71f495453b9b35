/** The request pipeline: its parts, their defaults, and how replacements are merged in. */
import { DEFAULT_RESOURCES } from '../resources/index.ts';
import { authenticate } from './authenticate.ts';
import { rewriteDefects } from './defects.ts';
import { envelope } from './envelope.ts';
import { decideFaults } from './fault-stage.ts';
import { matchRoute } from './route.ts';
import type { Pipeline, PipelineParts } from './types.ts';

export const DEFAULT_PIPELINE: Pipeline = {
  route: matchRoute,
  authenticate,
  faults: decideFaults,
  resources: DEFAULT_RESOURCES,
  rewrite: rewriteDefects,
  envelope,
};

/** The default pipeline with the given parts replaced (resources one by one). */
export function assemblePipeline(parts: PipelineParts = {}): Pipeline {
  return { ...DEFAULT_PIPELINE, ...parts, resources: { ...DEFAULT_RESOURCES, ...parts.resources } };
}

export { createRequestHandler, type Surroundings } from './handle.ts';
export { credentialsOf } from './authenticate.ts';
export type { Caller, Pipeline, PipelineParts, SimulatorCore } from './types.ts';
