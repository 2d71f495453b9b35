import { request } from 'node:http';

export interface FloorTarget {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The floor: the same request from the plainest Node client there is, on a fresh connection
 * (as every probe of blackbox_exporter is). Returns milliseconds from the call to the body's end.
 */
export function floorRequest(target: FloorTarget, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(target.url, { method: 'GET', headers: target.headers, agent: false, timeout: timeoutMs }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`floor client: ${target.url} answered HTTP ${res.statusCode ?? 'none'}`));
        else resolve(performance.now() - started);
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`floor client: ${target.url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
