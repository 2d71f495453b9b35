import type { ResourceRoute } from '../resources/types.ts';
import type { RouteMatch } from './types.ts';

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchPattern(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith(':')) {
      if (s === '') return undefined;
      params[p.slice(1)] = decode(s);
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}

/** Finds the route for a path below the prefix (trailing slash tolerated). */
export function matchRoute(path: string, routes: readonly ResourceRoute[]): RouteMatch | undefined {
  const segments = path.replace(/\/+$/, '').split('/').slice(1);
  for (const route of routes) {
    const params = matchPattern(route.pattern.split('/').slice(1), segments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
