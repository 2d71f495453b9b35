import { get } from 'node:http';

/**
 * One GET as Prometheus scrapes: the answer read to its last byte and dropped, with nothing
 * decoded (fetch() turning a 24 MB page into a string costs the bench's process more than the
 * prober's sending it). Resolves with the bytes read.
 */
export function scrapeAndDrop(url: string, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: timeoutMs }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode === 200) resolve(bytes);
        else reject(new Error(`GET ${url} answered HTTP ${response.statusCode ?? 'none'}`));
      });
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: no whole answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
