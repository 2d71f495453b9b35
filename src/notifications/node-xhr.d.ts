/** The Node XMLHttpRequest of cometd-nodejs-client, imported directly to give each session its own cookie jar. */
declare module 'cometd-nodejs-client/src/XMLHttpRequest.js' {
  export interface NodeXMLHttpRequestOptions {
    /** Cookies the server set, by host name then cookie name; the jar this request reads and writes. */
    globalCookies: Record<string, Record<string, string>>;
  }
  export class XMLHttpRequest {
    static readonly UNSENT: number;
    constructor(options: NodeXMLHttpRequestOptions);
    readonly status: number;
    readonly statusText: string;
    readonly responseText: string;
    withCredentials: boolean;
    context: unknown;
    onload: (() => void) | null;
    onerror: (() => void) | null;
    onabort: (() => void) | null;
    open(method: string, uri: string, async?: boolean): void;
    setRequestHeader(name: string, value: string): void;
    send(data?: string): void;
    abort(): void;
  }
}
