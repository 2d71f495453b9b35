// The read contracts, run as a user runs them: each read defect of the simulator makes the gate exit
// 1 naming the contract and the rule it broke, and against the faithful simulator every read contract
// holds and none is skipped.
import { beforeAll, describe, expect, test } from 'vitest';
import { READ_DEFECTS } from '../../src/simulator/lists.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { expectDefectCaught, expectEveryContractHeld, gateRuns, only, type DefectRow, type GateSetup } from './defect-runs.ts';

const FIELDS = 'get-users: a field list answers the attributes asked for and no others';
const SUBRESOURCES = 'get-users: subresources=skills gives every user a skills list and no devices';
const UNASKED = 'get-users: without subresources no user carries skills or devices';
const FILTER = 'get-users: skills.name=<a skill two users share> answers exactly the users who have it';
const SORT = 'get-users: sortBy=lastName,firstName orders the users by both keys, Ascending and Descending';

/** Defect → the contract that must fail, and the rule its failure names. */
const DEFECTS: readonly DefectRow[] = [
  { mode: 'filter-ignored', contract: FILTER, rule: /filter skills\.name=Might: answered users who do not have it: admin, apiuser/ },
  { mode: 'sort-ignored', contract: SORT, rule: /sortBy=lastName,firstName&order=Ascending: not in that order: Sippola, Kristi \(ksippo\) comes before Salmi, Lauri \(lsupervisor\)/ },
  { mode: 'subresource-missing', contract: SUBRESOURCES, rule: /subresources=skills: users without a skills list: ksippo, lsupervisor, admin, apiuser/ },
  { mode: 'subresource-unasked', contract: UNASKED, rule: /subresources not asked for: users carry them anyway: ksippo \(skills, devices\)/ },
  { mode: 'fields-ignored', contract: FIELDS, rule: /field list fields=id,userName,lastName: users carry attributes not asked for: ksippo \(firstName, roles, enabled/ },
];

const { runAll, run } = gateRuns('reads');

const gate = (defects: readonly DefectMode[], selection: readonly string[]): GateSetup => ({ defects, args: () => ['--username', 'ksippo', ...selection] });

beforeAll(async () => {
  await runAll([['faithful', gate([], ['--tag', 'reads'])], ...DEFECTS.map(({ mode, contract }) => [mode, gate([mode], only(contract))] as const)], 4);
}, 60_000);

test('every read defect of the simulator has a row here', () => {
  expect(DEFECTS.map((d) => d.mode).sort()).toEqual([...READ_DEFECTS].sort());
});

describe('the read contracts against the faithful simulator', () => {
  test('--tag reads: every contract holds and none is skipped', () => {
    const faithful = run('faithful');
    expectEveryContractHeld(faithful);
    const names = (faithful.report?.results ?? []).map((r) => r.name);
    for (const contract of [FIELDS, SUBRESOURCES, UNASKED, FILTER, SORT]) expect(names, contract).toContain(contract);
    expect(names.length).toBeGreaterThanOrEqual(11);
  });
});

describe('the read contracts against a simulator with a read defect', () => {
  for (const { mode, contract, rule } of DEFECTS) {
    test(`${mode}: exit 1, naming ${contract} and the broken rule`, () => {
      expectDefectCaught(run(mode), contract, rule);
    });
  }
});
