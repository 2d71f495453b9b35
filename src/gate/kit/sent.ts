import type { Identity } from '../../contracts/index.ts';
import type { ReportedRequest } from '../../reporters/index.ts';
import type { GateRunContext } from '../context.ts';
import type { Exchange } from './http.ts';

function bodyText(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The variable a reproduction takes the sender's password from: the agent's wins a shared login. */
function passwordVariable(sender: string, user: string, admin: string | undefined, supervisor: string | undefined): NonNullable<ReportedRequest['credentials']>['passwordVariable'] {
  if (sender === user) return 'GWS_PASSWORD';
  if (sender === admin) return 'GWS_ADMIN_PASSWORD';
  return sender === supervisor ? 'GWS_SUPERVISOR_PASSWORD' : 'GWS_PASSWORD';
}

/**
 * The request as the one client sent it (credentials already masked there), with the identity
 * whose password a reproduction takes from the environment. An exchange that never went over the
 * wire keeps what the contract meant to send: method, URL and body.
 */
export function sentRequest(context: GateRunContext, identity: Identity | undefined, exchange: Exchange, fallbackBody: unknown): ReportedRequest {
  const { user, admin, supervisor } = context.target;
  // The session that sent it decides, not the operation's usual identity: a contract may send an
  // admin operation as the agent to see it refused.
  const sender = exchange.sentAs ?? (identity === 'admin' ? admin?.username : identity === 'none' ? undefined : user.username);
  const credentials = sender === undefined ? null : { username: sender, passwordVariable: passwordVariable(sender, user.username, admin?.username, supervisor?.username) };
  const { sent } = exchange;
  if (sent === undefined) {
    return { method: exchange.request.method, url: `${context.target.baseUrl}${exchange.request.path}`, headers: {}, body: bodyText(fallbackBody), credentials: null };
  }
  const authenticated = Object.keys(sent.headers).some((name) => name.toLowerCase() === 'authorization');
  return { method: sent.method, url: sent.url, headers: { ...sent.headers }, body: bodyText(sent.body), credentials: authenticated ? credentials : null };
}
