import * as cometdLibrary from 'cometd';
import { XMLHttpRequest as NodeXMLHttpRequest } from 'cometd-nodejs-client/src/XMLHttpRequest.js';

/** What LongPollingTransport hands to `xhrSend` (cometd's RequestTransport). */
interface XhrPacket {
  readonly url: string;
  readonly sync?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  onSuccess(responseText: string): void;
  onError(reason: string, exception?: unknown): void;
}

interface LongPollingTransportBase {
  xhrSend(packet: XhrPacket): NodeXMLHttpRequest;
}

// Exported by cometd.js at run time, but absent from cometd.d.ts.
const { LongPollingTransport } = cometdLibrary as unknown as { LongPollingTransport: new () => LongPollingTransportBase };

/**
 * cometd's long-polling transport with a cookie jar of its own. The stock adapter
 * (`cometd-nodejs-client` `adapt()`) keeps one jar per host name for the whole process, so two
 * sessions against one server would share the BAYEUX_BROWSER cookie (a real CometD server then
 * throttles the second to slow polling) and any JSESSIONID the server sets. Each session here
 * behaves like its own browser.
 */
export class IsolatedLongPollingTransport extends LongPollingTransport {
  readonly #cookies: Record<string, Record<string, string>> = {};

  override xhrSend(packet: XhrPacket): NodeXMLHttpRequest {
    const xhr = new NodeXMLHttpRequest({ globalCookies: this.#cookies });
    xhr.withCredentials = true;
    xhr.open('POST', packet.url, packet.sync !== true);
    for (const [name, value] of Object.entries(packet.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.onload = () => {
      if (xhr.status === 200) packet.onSuccess(xhr.responseText);
      else packet.onError(xhr.statusText);
    };
    xhr.onabort = xhr.onerror = () => packet.onError(xhr.statusText);
    xhr.send(packet.body);
    return xhr;
  }
}

/**
 * The cometd client library expects a browser `window` (timers, console, the XMLHttpRequest
 * constants). Whatever is already there (for instance from `adapt()`) is kept.
 */
export function ensureCometDGlobals(): void {
  const holder = globalThis as unknown as { window?: Record<string, unknown> };
  const window = (holder.window ??= {});
  window.setTimeout ??= setTimeout;
  window.clearTimeout ??= clearTimeout;
  window.console ??= console;
  window.XMLHttpRequest ??= NodeXMLHttpRequest;
}
