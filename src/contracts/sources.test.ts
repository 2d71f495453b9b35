import { describe, expect, test } from 'vitest';
import { CATALOG } from './catalog.ts';
import { GWS_DOC_PAGES, docLinks } from './sources.ts';

describe('docLinks', () => {
  test('turns bracketed source tags into pages, first mention first, each once; unknown tags are left out', () => {
    expect(docLinks('StartContactCenterSession [SCCS, ECCS]', 'exactly {statusCode, statusMessage} [RV852]', 'observed [src: IAR, OBS-WWE, RV852]')).toEqual([
      { tag: 'SCCS', url: GWS_DOC_PAGES['SCCS'] },
      { tag: 'ECCS', url: GWS_DOC_PAGES['ECCS'] },
      { tag: 'RV852', url: 'https://enu.docs.genesys.com/Documentation:HTCC:API:ReturnValues:8.5.2' },
      { tag: 'IAR', url: GWS_DOC_PAGES['IAR'] },
    ]);
    expect(docLinks('no tag here', '[not a tag]', '[Ready]', '[CallRecording*]')).toEqual([]);
  });

  test('a page cited by its title links to that page of its version, or of the latest docs', () => {
    expect(docLinks('Dial [CallsDial 8.5.2, AgentStateOffline latest]', '[SkillsAPI 8.5.1, DevicesAttribs]')).toEqual([
      { tag: 'CallsDial 8.5.2', url: 'https://docs.genesys.com/Documentation/GWS/8.5.2/API/CallsDial' },
      { tag: 'AgentStateOffline latest', url: 'https://docs.genesys.com/Documentation/HTCC/latest/API/AgentStateOffline' },
      { tag: 'SkillsAPI 8.5.1', url: 'https://docs.genesys.com/Documentation/GWS/8.5.1/API/SkillsAPI' },
      { tag: 'DevicesAttribs', url: 'https://docs.genesys.com/Documentation/HTCC/latest/API/DevicesAttribs' },
    ]);
  });

  test('every catalog entry links a documentation page, unless it is about an unconfirmed endpoint', () => {
    for (const operation of CATALOG) {
      if (operation.tags.includes('unconfirmed')) continue;
      expect(docLinks(operation.summary).length, operation.id).toBeGreaterThan(0);
      const cited = [...operation.summary.matchAll(/\[([^\]]+)\]/g)].map(([, list]) => list ?? '').join(',');
      for (const key of cited.match(/\b[A-Z][A-Z0-9]{2,}\b/g) ?? []) {
        expect(GWS_DOC_PAGES[key], `${operation.id} cites ${key}`).toMatch(/^https:\/\//);
      }
    }
  });
});
