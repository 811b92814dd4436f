import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArtefact, loadedAtInit } from '../support/artefact.js';
import { packagedFunction } from '../support/osls.js';

/**
 * The Lambda's init phase loads only what every event needs (the incident store, the notifier):
 * the readers a diagnosis needs and the EC2 writer, with their SDK clients, sit in chunks
 * imported on their port's first call (src/aws/ports.ts, `LAZY_ADAPTERS`), and osls packages
 * those chunks with the handler.
 */
const LOADED_ON_FIRST_USE: readonly (readonly [string, RegExp])[] = [
  ['the ECS client', /node_modules\/@aws-sdk\/client-ecs\//],
  ['the EC2 client', /node_modules\/@aws-sdk\/client-ec2\//],
  ['the IAM client', /node_modules\/@aws-sdk\/client-iam\//],
  ['the ECR client', /node_modules\/@aws-sdk\/client-ecr\//],
  ['the Secrets Manager client', /node_modules\/@aws-sdk\/client-secrets-manager\//],
  ['the SSM client', /node_modules\/@aws-sdk\/client-ssm\//],
  ['the EFS client', /node_modules\/@aws-sdk\/client-efs\//],
  ['the Route 53 Resolver client', /node_modules\/@aws-sdk\/client-route53resolver\//],
  ['the EC2 writer (auto-fix)', /^src\/aws\/ec2-writer\.ts$/],
  [
    'the SSO and web-identity credential providers',
    /node_modules\/@aws-sdk\/credential-provider-(sso|web-identity)\//,
  ],
];

const LOADED_AT_INIT: readonly (readonly [string, RegExp])[] = [
  ['the DynamoDB client', /node_modules\/@aws-sdk\/client-dynamodb\//],
  ['the SNS client', /node_modules\/@aws-sdk\/client-sns\//],
];

const LAMBDA_ENV = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  ECS_PULLFIX_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix',
  ECS_PULLFIX_TABLE: 'ecs-pullfix-incidents',
};

describe('the Lambda artefact as built for osls', () => {
  let metafile: Metafile;
  let atInit: string[] = [];
  const inputsOf = (outputs: readonly string[]) =>
    outputs.flatMap((o) => Object.keys(metafile.outputs[o]?.inputs ?? {}));

  beforeAll(async () => {
    ({ metafile } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-cold-'))));
    atInit = loadedAtInit(metafile, 'stopped-task.mjs');
  }, 60_000);

  it.each(LOADED_ON_FIRST_USE)('loads %s on first use, not at init', (_, module) => {
    expect(inputsOf(atInit).filter((input) => module.test(input))).toEqual([]);
    expect(inputsOf(Object.keys(metafile.outputs)).some((input) => module.test(input))).toBe(true);
  });

  it.each(LOADED_AT_INIT)('loads %s at init', (_, module) => {
    expect(inputsOf(atInit).some((input) => module.test(input))).toBe(true);
  });

  it('holds no browser detector: the SDK imports bowser only for a browser User-Agent (build/esbuild-plugins.cjs)', () => {
    expect(
      inputsOf(Object.keys(metafile.outputs)).filter((input) => /node_modules\/bowser\//.test(input)),
    ).toEqual([]);
  });
});

describe('the function zip osls packages', () => {
  let dir = '';
  let files: string[] = [];
  let built: string[] = [];

  beforeAll(async () => {
    ({ dir, files } = packagedFunction());
    const { metafile } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-cold-')));
    built = Object.keys(metafile.outputs).map((o) => basename(o));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the handler and every chunk it may import, beside it', () => {
    expect(files).toContain('handlers/stopped-task.mjs');
    expect(
      files
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => basename(f))
        .sort(),
    ).toEqual([...built].sort());
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(new Set(['handlers']));
  });

  it('imports the handler and each chunk from the unzipped package alone', () => {
    const urls = files.filter((f) => f.endsWith('.mjs')).map((f) => pathToFileURL(join(dir, f)).href);
    const script = `for (const u of ${JSON.stringify(urls)}) await import(u); console.log('imported', ${urls.length});`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      env: LAMBDA_ENV,
      encoding: 'utf8',
    });
    expect(out.trim().split('\n').at(-1)).toBe(`imported ${urls.length}`);
  });
});
