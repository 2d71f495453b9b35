import type { Reply } from '../envelope.ts';
import type { FeatureName } from '../features.ts';
import type { Json, ShapeQuery } from '../shapes.ts';
import type { ContactCenter, UserRecord } from '../state.ts';
import type { AgentState, ChannelName, DefectMode } from '../types.ts';

/** Accepts state changes: applied after the async delay, unless the operation is never applied. */
export interface OperationEngine {
  accept(user: UserRecord, changes: ReadonlyMap<ChannelName, AgentState>, root: string, neverApply: boolean): void;
  /** EndContactCenterSession ends the user's HTTP sessions too [src: ECCS]. */
  endHttpSessions(user: UserRecord): void;
}

/** What a resource handler learns about the request it answers. */
export interface ResourceRequest {
  /** The authenticated caller. */
  readonly user: UserRecord;
  /** Path parameters by name (`:id` → `params.id`), decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: ShapeQuery;
  /** The query parameters as sent, for those that are not GET shapes (`startIndex`, `count`). */
  readonly search?: URLSearchParams;
  /** Absolute API root (or the bare prefix under the relative-uris defect). */
  readonly root: string;
  /** The JSON object of a POST (empty for GET). */
  readonly body: Json;
  readonly defects: ReadonlySet<DefectMode>;
  readonly engine: OperationEngine;
  /** The async-never-applied fault fired: operations are acknowledged but never take effect. */
  readonly neverApply: boolean;
  /** The features the contact center has [src: Features 8.5.1]. */
  readonly features: ReadonlySet<FeatureName>;
}

/** Answers one request from the contact-center state. */
export type ResourceHandler = (request: ResourceRequest, center: ContactCenter) => Reply;

export interface ResourceRoute {
  /** Path below the prefix; `:name` is a parameter segment. */
  readonly pattern: string;
  /**
   * `admin`: contact-center admin only [src: DEVLIST, SKILLS851]; `supervisor`: ROLE_SUPERVISOR or
   * an admin [src: AgentStateControlReady/NotReady/Offline]; `user`: any authenticated user.
   */
  readonly access: 'user' | 'supervisor' | 'admin';
  readonly get?: ResourceHandler;
  readonly post?: ResourceHandler;
}

/** One GWS resource (me, channels, ...): the routes it serves. */
export interface Resource {
  readonly routes: readonly ResourceRoute[];
}

export const RESOURCE_NAMES = ['me', 'channels', 'devices', 'users', 'skills', 'calls', 'chats', 'emails', 'openmedia', 'features', 'settings'] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** A GET answer: HTTP 200 with the shaped body. */
export function found(body: Json): Reply {
  return { httpStatus: 200, body };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'httpStatus');
}
