import { errors } from '../errors.ts';
import { SYSTEM_FEATURES } from '../features.ts';
import { collectionBody, singularBody, type Entry } from '../shapes.ts';
import { found, type Resource, type ResourceRequest } from './types.ts';

/**
 * A feature as the simulator shows it: `{"id":"api-voice"}`. The Features 8.5.1 page's attribute
 * table is not in the docs read, so the simulator shows no attribute it would have to invent. Every
 * URI is `<root>/features/<id>`, the system's list included (the page names no path for one system
 * feature): a disabled feature's URI then answers 6, as a feature the contact center does not have.
 */
function featureEntries(request: ResourceRequest, ids: readonly string[]): Entry[] {
  return ids.map((id) => ({ uri: `${request.root}/features/${encodeURIComponent(id)}`, fields: { id } }));
}

/**
 * The contact center's features, in the system's order. With `feature-listed-not-served` every
 * feature of the system is listed, those turned off too, whose operations are still refused.
 */
function enabledFeatures(request: ResourceRequest): string[] {
  return SYSTEM_FEATURES.filter((feature) => request.features.has(feature) || request.defects.has('feature-listed-not-served'));
}

/**
 * The features resource [src: Features 8.5.1]: `GET /features` (Contact Center Admin and Agent) lists
 * the contact center's features, URIs by default and the features with fields=*; `GET /features/{id}`
 * one of them; `GET /system/features` (Contact Center Admin) every feature of the system. DELETE
 * /features/{id} is a Cloud Admin's and is not served.
 */
export const features: Resource = {
  routes: [
    { pattern: '/features', access: 'user', get: (request) => found(collectionBody('features', featureEntries(request, enabledFeatures(request)), request.query)) },
    {
      pattern: '/features/:id',
      access: 'user',
      get: (request) => {
        const id = request.params['id'] ?? '';
        const entry = featureEntries(request, enabledFeatures(request)).find((e) => e.fields['id'] === id);
        return entry === undefined ? errors.notFound(`Feature ${id.slice(0, 80)}`) : found(singularBody('feature', entry, request.query));
      },
    },
    { pattern: '/system/features', access: 'admin', get: (request) => found(collectionBody('features', featureEntries(request, SYSTEM_FEATURES), request.query)) },
  ],
};
