// The rules of Jenkins' xunit plugin's junit-10.xsd
// (src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd in jenkinsci/xunit-plugin),
// written out for the elements a gwscheck JUnit file uses, so that a test can check every one.
import type { XmlElement } from './xml.ts';

/** xs:simpleType SUREFIRE_TIME. */
export const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;

interface ElementRule {
  readonly allowed: readonly string[];
  readonly required: readonly string[];
  /** Child elements allowed, in any order and number (an xs:choice maxOccurs="unbounded"). */
  readonly children: readonly string[] | 'text';
  /** Child elements in this fixed order, each at most once (an xs:sequence of minOccurs="0"). */
  readonly sequence?: readonly string[];
  /** Attributes of type SUREFIRE_TIME. */
  readonly times?: readonly string[];
}

const RESULT: ElementRule = { allowed: ['type', 'message'], required: [], children: 'text' };
/** complexType rerunType: flakyFailure, flakyError, rerunFailure, rerunError. */
const RERUN: ElementRule = { allowed: ['message', 'type'], required: ['type'], children: [], sequence: ['stackTrace', 'system-out', 'system-err'] };
const TEXT: ElementRule = { allowed: [], required: [], children: 'text' };

export const JUNIT_10: Readonly<Record<string, ElementRule>> = {
  testsuites: { allowed: ['name', 'time', 'tests', 'failures', 'errors'], required: [], children: ['testsuite'], times: ['time'] },
  testsuite: {
    allowed: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    required: ['name', 'tests', 'failures', 'errors'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    times: ['time'],
  },
  testcase: {
    allowed: ['name', 'time', 'classname', 'group'],
    required: ['name'],
    children: ['skipped', 'error', 'failure', 'rerunFailure', 'rerunError', 'flakyFailure', 'flakyError', 'system-out', 'system-err'],
  },
  failure: RESULT,
  error: RESULT,
  skipped: RESULT,
  rerunFailure: RERUN,
  rerunError: RERUN,
  flakyFailure: RERUN,
  flakyError: RERUN,
  properties: { allowed: [], required: [], children: ['property'] },
  property: { allowed: ['name', 'value'], required: ['name', 'value'], children: [] },
  'system-out': TEXT,
  'system-err': TEXT,
  stackTrace: TEXT,
};

/** Every way `element` and its descendants break junit-10.xsd, one line each (empty: valid). */
export function junit10Violations(element: XmlElement, path = ''): string[] {
  const here = `${path}/${element.name}`;
  const rule = JUNIT_10[element.name];
  if (rule === undefined) return [`${here}: element not declared in junit-10.xsd`];
  const out: string[] = [];
  for (const name of element.attributes.keys()) if (!rule.allowed.includes(name)) out.push(`${here}: attribute ${name} not allowed`);
  for (const name of rule.required) if (!element.attributes.has(name)) out.push(`${here}: required attribute ${name} missing`);
  for (const name of rule.times ?? []) {
    const value = element.attributes.get(name);
    if (value !== undefined && !SUREFIRE_TIME.test(value)) out.push(`${here}: ${name}="${value}" is not a SUREFIRE_TIME`);
  }
  if (rule.children === 'text') {
    for (const child of element.children) out.push(`${here}: element <${child.name}> inside a text-only element`);
    return out;
  }
  const sequence = rule.sequence;
  if (sequence !== undefined) {
    let last = -1;
    for (const child of element.children) {
      const index = sequence.indexOf(child.name);
      if (index <= last) out.push(`${here}: <${child.name}> ${index < 0 ? 'not allowed' : 'out of order or repeated'}`);
      last = Math.max(last, index);
    }
  } else {
    for (const child of element.children) if (!rule.children.includes(child.name)) out.push(`${here}: <${child.name}> not allowed inside <${element.name}>`);
  }
  // Only mixed content may hold text: the testcase, testsuite(s), properties and property types are element-only.
  if (element.name !== 'flakyFailure' && element.name !== 'flakyError' && element.name !== 'rerunFailure' && element.name !== 'rerunError' && element.text.trim() !== '') {
    out.push(`${here}: text inside an element-only element`);
  }
  for (const child of element.children) out.push(...junit10Violations(child, here));
  return out;
}
