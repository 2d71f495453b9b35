/**
 * GWS features [src: FEATURES: "A feature represents a set of functionality that may include channels,
 * services, resources, sets of operations, settings groups, and so on"]: the names the operation pages
 * list as "Required Features", and what a request to a catalog operation needs of them.
 */
import type { Operation } from './types.ts';

/** The Voice API: calls, devices, the voice channel, the contact-center session [src: CallsDial 8.5.2, StartContactCenterSession 8.5.2]. */
export const API_VOICE = 'api-voice';
/** The Chat, Email and Open Media APIs and the media channels [src: ChatAccept 8.5.2, EmailCreate 8.5.2, OpenMediaAPICreate 8.5.2]. */
export const API_MULTIMEDIA = 'api-multimedia';
/** ListenIn, Coach, BargeIn, CancelSupervisorMonitoring, beside api-voice [src: SupervisorListenIn latest, SupervisorCoach 8.5.2, SupervisorCancelMonitoring 8.5.2]. */
export const API_SUPERVISOR_MONITORING = 'api-supervisor-monitoring';
/** A supervisor sets another agent's channel state [src: AgentStateControlNotReady 8.5.2, AgentStateControlOffline latest]. */
export const API_SUPERVISOR_AGENT_CONTROL = 'api-supervisor-agent-control';
/** Start, Stop, Pause and ResumeCallRecording [src: CallRecordingPauseCallRecording 8.6.0]. */
export const API_VOICE_RECORDING = 'api-voice-recording';

/**
 * The features one request to `operation` needs: those of its `operationName` where the entry lists
 * them (`operationFeatures`), else the entry's `requiredFeatures`.
 */
export function featuresFor(operation: Operation, operationName?: string): readonly string[] {
  const own = operationName === undefined ? undefined : operation.operationFeatures;
  return own !== undefined && Object.hasOwn(own, operationName ?? '') ? (own[operationName ?? ''] ?? []) : operation.requiredFeatures;
}

/**
 * The features a contract on `operation` needs of a server: those of the request (`featuresFor`)
 * and those of every operation a path parameter or `memberOf` is read from, transitively: the
 * customer's `GET /chats/{id}` names no feature itself, but its id comes from `GET /me/chats`, which
 * needs api-multimedia. Sorted, each once; an unknown source operation adds nothing.
 */
export function featuresNeeded(operation: Operation, byId: (id: string) => Operation | undefined, operationName?: string): string[] {
  const found = new Set<string>(featuresFor(operation, operationName));
  const seen = new Set<string>([operation.id]);
  const pending = [operation];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const sources = [...Object.values(next.paramSources ?? {}).map((s) => s.operation), ...(next.memberOf === undefined ? [] : [next.memberOf.operation])];
    for (const id of sources) {
      const source = seen.has(id) ? undefined : byId(id);
      seen.add(id);
      if (source === undefined) continue;
      for (const feature of featuresFor(source, exampleOperationName(source))) found.add(feature);
      pending.push(source);
    }
  }
  return [...found].sort();
}

/** Every feature the catalog names, sorted. */
export function catalogFeatures(catalog: readonly Operation[]): string[] {
  return [...new Set(catalog.flatMap((op) => [...op.requiredFeatures, ...Object.values(op.operationFeatures ?? {}).flat()]))].sort();
}

function exampleOperationName(operation: Operation): string | undefined {
  const body = operation.example.body;
  const name = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['operationName'] : undefined;
  return typeof name === 'string' ? name : undefined;
}
