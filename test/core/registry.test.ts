import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registryOfHost, registryOfImage } from '../../src/core/registry.js';

describe(registryOfImage.name, () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2', { kind: 'ecr', region: 'us-east-1' }],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app@sha256:abc',
      { kind: 'ecr', region: 'us-gov-west-1' },
    ],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app', { kind: 'ecr', region: 'cn-north-1' }],
    ['123456789012.dkr-ecr.eu-west-2.on.aws/app:3', { kind: 'ecr', region: 'eu-west-2' }],
    ['public.ecr.aws/nginx/nginx:1.27', { kind: 'ecr-public' }],
    ['nginx:1', { kind: 'dockerhub', host: 'docker.io' }],
    ['library/nginx', { kind: 'dockerhub' }],
    ['bitnami/redis:7.2', { kind: 'dockerhub' }],
    ['docker.io/tryretool/backend:2.110.5', { kind: 'dockerhub' }],
    ['registry-1.docker.io/library/node:20', { kind: 'dockerhub' }],
    ['quay.io/prometheus/node-exporter:v1.8.0', { kind: 'private-registry', host: 'quay.io' }],
    ['ghcr.io/acme/web:5', { kind: 'private-registry', host: 'ghcr.io' }],
    ['registry.internal:5000/team/app:9', { kind: 'private-registry', host: 'registry.internal:5000' }],
    ['localhost/app', { kind: 'private-registry' }],
    ['artifactory.example.com:1', { kind: 'private-registry', host: 'artifactory.example.com' }],
  ])('places %s', (image, expected) => {
    expect(registryOfImage(image)).toMatchObject(expected);
  });

  it.each(['', 'has spaces in it', 'xxxxx.xxx', 'Not/A/Valid:Ref:::'])(
    'names no registry for %j',
    (image) => {
      expect(registryOfImage(image)?.kind === 'ecr').toBe(false);
      if (image === '' || image === 'has spaces in it' || image === 'xxxxx.xxx')
        expect(registryOfImage(image)).toBeUndefined();
    },
  );

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        registryOfImage(s);
        registryOfHost(s);
      }),
    );
  });
});

describe(registryOfHost.name, () => {
  it('knows the ECR API endpoint registry auth goes to, with its region', () => {
    expect(registryOfHost('api.ecr.us-west-2.amazonaws.com')).toEqual({
      kind: 'ecr',
      host: 'api.ecr.us-west-2.amazonaws.com',
      region: 'us-west-2',
    });
  });

  it('keeps a redacted account in an ECR host as ECR', () => {
    expect(registryOfHost('████████████.dkr.ecr.us-east-1.amazonaws.com')?.kind).toBe('ecr');
  });

  it.each([
    'prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com',
    'logs.us-east-1.amazonaws.com',
    '169.254.170.2',
    'xxx.xxx',
  ])('does not call %s a registry', (host) => {
    expect(registryOfHost(host)).toBeUndefined();
  });
});
