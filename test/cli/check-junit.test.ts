import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitCases, junitReport, xmlText } from '../../src/cli/check-junit.js';
import type { CheckReport } from '../../src/cli/check-report.js';

/** The JUnit report as a CI system reads it: attributes kept, nothing trimmed, every entity decoded. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => name === 'testcase' || name === 'testsuite',
});

type Parsed = {
  testsuites: {
    tests: string;
    failures: string;
    skipped: string;
    testsuite: {
      name: string;
      testcase: {
        name: string;
        failure?: { '#text'?: string; message: string };
        skipped?: { message: string };
      }[];
    }[];
  };
};

/** XML 1.0's `Char`: what a conforming parser accepts at all (https://www.w3.org/TR/xml/#charsets). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

const broken: CheckReport = {
  subject: 'checkout (deploy/taskdef.json)',
  where: 'subnets subnet-0a1b2c3d; security groups sg-0f1e2d3c; public IP off',
  wouldFail: true,
  verdict: ['A new task would fail to start: no-egress-path breaks image checkout:1.4.3.'],
  blocking: [
    { key: 'no-egress-path', evidence: ['rtb-0aa has no route for 0.0.0.0/0'], fix: 'Give it a way out.' },
    {
      key: 'image-tag-missing',
      evidence: ['checkout has no image tagged 1.4.3'],
      fix: 'Push checkout:1.4.3.',
    },
    { key: 'efs-no-mount-target', evidence: ['fs-1 has no mount target in us-east-1a'], fix: 'Add one.' },
  ],
  unchecked: [],
  checks: [
    { id: 'P1', title: 'a route out', status: 'failed', findings: ['no-egress-path'] },
    {
      id: 'P2',
      title: 'a public IP for a task in a public subnet',
      status: 'not-applicable',
      why: 'private subnet',
    },
    { id: 'P9', title: 'the execution role may pull', status: 'not-checked', why: 'simulation denied' },
    { id: 'P11', title: 'the tag exists', status: 'failed', findings: ['image-tag-missing'] },
    { id: 'R6', title: 'DNS resolution is on', status: 'passed' },
  ],
};

describe(junitCases.name, () => {
  it('makes a test case per check, and one for a blocking finding no failed check names', () => {
    expect(
      junitCases(broken).map((c) => [
        c.name,
        c.failure ? 'failure' : c.skipped !== undefined ? 'skipped' : 'passed',
      ]),
    ).toEqual([
      ['P1 a route out', 'failure'],
      ['P2 a public IP for a task in a public subnet', 'skipped'],
      ['P9 the execution role may pull', 'skipped'],
      ['P11 the tag exists', 'failure'],
      ['R6 DNS resolution is on', 'passed'],
      ['efs-no-mount-target', 'failure'],
    ]);
  });

  it('puts the failing findings’ evidence and fix in the failure', () => {
    expect(junitCases(broken)[0]?.failure).toEqual({
      type: 'failed',
      message: 'no-egress-path',
      body: 'no-egress-path\n  · rtb-0aa has no route for 0.0.0.0/0\n  fix: Give it a way out.',
    });
    expect(junitCases(broken)[2]?.skipped).toBe('not checked: simulation denied');
  });
});

describe(junitReport.name, () => {
  it('is well-formed XML with the counts in testsuites and testsuite', () => {
    const xml = junitReport(broken);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml) as Parsed;
    expect(doc.testsuites).toMatchObject({ tests: '6', failures: '3', skipped: '2' });
    expect(doc.testsuites.testsuite[0]?.name).toBe('checkout (deploy/taskdef.json)');
  });

  it('is a green report with no failure when the task would start', () => {
    const passed = broken.checks.filter((c) => c.status === 'passed');
    const fine: CheckReport = { ...broken, wouldFail: false, blocking: [], checks: passed };
    const doc = parser.parse(junitReport(fine)) as Parsed;
    expect(doc.testsuites).toMatchObject({ tests: '1', failures: '0', skipped: '0' });
  });
});

describe(xmlText.name, () => {
  it.each([
    ['a < b && c > "d" \'e\'', 'a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;'],
    ['line\nnext\tcol\r', 'line&#10;next&#9;col&#13;'],
    ['bell\u0007 and \ud800 lone', 'bell\ufffd and \ufffd lone'],
    ['😀 stays', '😀 stays'],
  ])('%j → %j', (text, xml) => {
    expect(xmlText(text)).toBe(xml);
  });
});

/** What survives XML 1.0: its characters, and U+FFFD for the rest (as `xmlText` promises). */
const asXmlKeeps = (s: string) =>
  [...s].map((c) => (NOT_XML_CHAR.test(c) || /^[\ud800-\udfff]$/.test(c) ? '\ufffd' : c)).join('');

const untrusted = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'<>&"\'\t\r\n]]>\u0000\u001f\ufffe'.split('')),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.constant('\ud800'),
  ),
  maxLength: 40,
});

describe('untrusted text in the JUnit report', () => {
  it('round-trips every name, message and evidence through a real XML parser', () => {
    fc.assert(
      fc.property(untrusted, untrusted, untrusted, untrusted, (subject, key, evidence, why) => {
        const report: CheckReport = {
          ...broken,
          subject,
          blocking: [{ key, evidence: [evidence], fix: why }],
          checks: [{ id: 'P9', title: why, status: 'not-checked', why }],
        };
        const xml = junitReport(report);
        expect(xml).not.toMatch(NOT_XML_CHAR);
        expect(XMLValidator.validate(xml)).toBe(true);
        const suite = (parser.parse(xml) as Parsed).testsuites.testsuite;
        expect(suite).toHaveLength(1);
        expect(suite[0]?.name).toBe(asXmlKeeps(subject));
        const [skipped, failed] = suite[0]?.testcase ?? [];
        expect(skipped?.name).toBe(`P9 ${asXmlKeeps(why)}`);
        expect(skipped?.skipped?.message).toBe(`not checked: ${asXmlKeeps(why)}`);
        expect(failed?.name).toBe(asXmlKeeps(key));
        expect(failed?.failure?.['#text'] ?? '').toBe(asXmlKeeps(`${key}\n  · ${evidence}\n  fix: ${why}`));
      }),
    );
  });
});
