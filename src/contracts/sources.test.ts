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
    expect(docLinks('no tag here', '[not a tag]')).toEqual([]);
  });

  test('every tag a catalog entry cites has a page, unless the entry says it is unconfirmed', () => {
    for (const operation of CATALOG) {
      const cited = [...operation.summary.matchAll(/\[([^\]]+)\]/g)].flatMap(([, list]) => (list ?? '').split(',').map((t) => t.trim()));
      if (operation.tags.includes('unconfirmed')) continue;
      expect(cited.length, operation.id).toBeGreaterThan(0);
      for (const tag of cited) expect(GWS_DOC_PAGES[tag], `${operation.id} cites ${tag}`).toMatch(/^https:\/\//);
    }
  });
});
