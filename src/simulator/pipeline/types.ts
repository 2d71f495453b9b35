import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from '../envelope.ts';
import type { FaultRegistry } from '../faults.ts';
import type { FeatureName } from '../features.ts';
import type { Resource, ResourceName, ResourceRoute, OperationEngine } from '../resources/types.ts';
import type { ContactCenter, Session, SessionStore, UserRecord } from '../state.ts';
import type { ActiveFault, DefectMode, ResolvedSimulatorOptions } from '../types.ts';

/** What the pipeline's parts share: options and the simulator's live state (swapped on reset). */
export interface SimulatorCore {
  readonly options: ResolvedSimulatorOptions;
  readonly sessions: SessionStore;
  readonly faults: FaultRegistry;
  readonly engine: OperationEngine;
  /** The features the contact center has (`SYSTEM_FEATURES` less `disabledFeatures`). */
  readonly features: ReadonlySet<FeatureName>;
  defects(): ReadonlySet<DefectMode>;
  center(): ContactCenter;
}

/** An authenticated caller and the HTTP session the answer belongs to. */
export interface Caller {
  readonly user: UserRecord;
  readonly session: Session;
  /** The session was created for this request: the answer sets the JSESSIONID cookie. */
  readonly newSession: boolean;
}

export interface RouteMatch {
  readonly route: ResourceRoute;
  readonly params: Readonly<Record<string, string>>;
}

/** The faults that fired for one request, sorted by what they do. */
export interface FaultDecision {
  /** Latency to add before the request is handled. */
  readonly delayMs: number;
  /** Latency to add after the request was handled, before its answer goes out. */
  readonly answerDelayMs: number;
  /** A fault that replaces the answer (status-code, html, not-json, hang, reset, large-body). */
  readonly terminal?: ActiveFault;
  /** Faults that reshape a normal answer (mutate, wrong-content-type). */
  readonly shaping: readonly ActiveFault[];
  readonly neverApply: boolean;
}

/** What the envelope part needs beside the reply. */
export interface EnvelopeContext {
  /** A GWS API answer (not the control API): defects, CSRF headers and always-200 apply. */
  readonly api: boolean;
  readonly method: string;
  readonly session: Session | undefined;
  readonly newSession: boolean;
}

/** Bytes and headers ready for the wire. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/**
 * The simulator as a chain of replaceable parts, in the order a request meets them:
 * faults → authenticate → route → resources → rewrite (defects) → envelope. Authentication comes
 * before routing so that a caller without credentials learns nothing about which paths exist.
 */
export interface Pipeline {
  /** Finds the route for a path below the prefix; undefined: no such resource. */
  route(path: string, routes: readonly ResourceRoute[]): RouteMatch | undefined;
  /** Basic credentials or the session cookie, and CSRF; the caller or the refusing reply. */
  authenticate(request: { readonly method: string; readonly headers: IncomingHttpHeaders }, core: SimulatorCore): Caller | Reply;
  /** Which faults fire for this request. */
  faults(path: string, method: string, core: SimulatorCore): FaultDecision;
  /** The resource handlers, one per GWS resource. */
  readonly resources: Readonly<Record<ResourceName, Resource>>;
  /** Deliberate defects applied to an API reply. */
  rewrite(reply: Reply, defects: ReadonlySet<DefectMode>): Reply;
  /** The wire form of a reply: JSON body, headers, session cookie. */
  envelope(reply: Reply, context: EnvelopeContext, core: SimulatorCore): WireAnswer;
}

/** Parts to replace, e.g. `{ authenticate: myAuth, resources: { calls: myCalls } }`; the rest keep their defaults. */
export type PipelineParts = Partial<Omit<Pipeline, 'resources'>> & { readonly resources?: Partial<Record<ResourceName, Resource>> };
