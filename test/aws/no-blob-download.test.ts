import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/fixtures.js';

/**
 * ecs-pullfix reads no image blob (layers, nor the config a single-platform image names its
 * platform in): the role has no `ecr:GetDownloadUrlForLayer` (docs/iam.md), and nothing in the
 * code could follow a presigned layer URL either. So there is no blob download to cap: a
 * multi-GB config cannot be read because none is ever asked for.
 */
function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }));
}
const code = [...sources('src'), ...sources('handlers')];

describe('image blobs', () => {
  it('are never downloaded: no HTTP client in the code but the AWS SDK', () => {
    const clients =
      /\bfetch\s*\(|from ['"](?:node:)?https?['"]|from ['"]undici['"]|from ['"]axios['"]|XMLHttpRequest/;
    expect(code.filter((f) => clients.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('are never asked of ECR: the only ECR requests are DescribeImages, ListImages, BatchGetImage, GetLifecyclePolicy, GetRepositoryPolicy and DescribeRegistry', () => {
    const commands = code.flatMap((f) => [...f.text.matchAll(/\b(\w+)Command\b/g)].map((m) => m[1] ?? ''));
    const ecrImports = code.flatMap((f) =>
      [...f.text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ecr'/g)].flatMap((m) =>
        (m[1] ?? '').split(',').map((name) => name.replace(/^\s*type\s+/, '').trim()),
      ),
    );
    expect(commands).not.toContain('GetDownloadUrlForLayer');
    expect(commands).not.toContain('BatchCheckLayerAvailability');
    expect(ecrImports.filter((name) => name.endsWith('Command')).sort()).toEqual([
      'BatchGetImageCommand',
      'DescribeImagesCommand',
      'DescribeRegistryCommand',
      'GetLifecyclePolicyCommand',
      'GetRepositoryPolicyCommand',
    ]);
    expect(ecrImports).toContain('paginateListImages');
  });
});
