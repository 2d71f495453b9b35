/** Tags a contract may carry; `--tag` selects by them. */
export const GATE_TAGS = [
  { name: 'changes-state', description: 'changes the agent state and restores it afterwards' },
  { name: 'positive', description: 'an operation answers as its catalog entry says' },
  { name: 'read-only', description: 'changes no state: safe against a production server' },
  { name: 'negative', description: 'bad input is refused with the documented statusCode' },
  { name: 'security', description: 'credentials, sessions, CSRF and roles' },
  { name: 'async', description: 'an acknowledged operation takes effect within the deadline' },
  { name: 'session', description: 'JSESSIONID alone authenticates; EndContactCenterSession ends it' },
  { name: 'csrf', description: 'PUT/POST/DELETE need the X-CSRF token when the server hands one out' },
  { name: 'admin', description: 'needs admin credentials for a comparison' },
  { name: 'notifications', description: 'the CometD endpoint: handshake, credentials, subscriptions' },
  { name: 'call', description: 'call control: Dial and the operations on a call; hangs up every call it makes' },
  { name: 'device', description: 'device operations: DND, call forwarding, monitoring; restores the device' },
  { name: 'supervisor', description: "supervisor operations: another agent's state, monitoring; refused for an agent" },
  { name: 'monitoring', description: 'supervisor monitoring: ListenIn, Coach, BargeIn on the agent\'s call (api-supervisor-monitoring)' },
  { name: 'recovery', description: 'the state-recovery reads agree with each other and with the notifications' },
  { name: 'reads', description: 'field lists, subresources, filters, sorting and limits mean what they say' },
  { name: 'stateful', description: 'only a server that keeps state passes it (passwords, roles, ids, limits); skipped with --static-mock' },
] as const;

export type GateTag = (typeof GATE_TAGS)[number]['name'];
