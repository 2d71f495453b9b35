// Module resolution hook registered by use-dist.mjs: <root>/src/X.ts resolves to <root>/dist/X.js.
let source = '';
let dist = '';

export function initialize(data) {
  source = `${data.root}src/`;
  dist = `${data.root}dist/`;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.startsWith(source) && resolved.url.endsWith('.ts')) {
    return { ...resolved, url: `${dist}${resolved.url.slice(source.length, -'.ts'.length)}.js`, format: 'module' };
  }
  return resolved;
}
