import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoppedTask } from '../../../src/core/event.js';
import { consoleUrlOf } from '../../../src/core/present/index.js';

const task = (clusterName: string, taskId: string) =>
  ({ region: 'eu-west-1', clusterName, taskId }) as StoppedTask;

describe('the console link of a notice', () => {
  it('links to the task in its cluster and region', () => {
    expect(consoleUrlOf(task('prod-apps', '0b1c2d3e4f'))).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod-apps/tasks/0b1c2d3e4f/configuration?region=eu-west-1',
    );
  });

  it('is built from a name holding a lone surrogate, which an event’s JSON may carry', () => {
    expect(consoleUrlOf(task('prod\ud800apps', 'abc\udc00'))).toContain(
      '/clusters/prod%EF%BF%BDapps/tasks/abc%EF%BF%BD/',
    );
  });

  it('never throws and never lets a name leave its path segment, whatever the names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (cluster, id) => {
        const url = new URL(consoleUrlOf(task(cluster, id)));
        expect(url.hostname).toBe('eu-west-1.console.aws.amazon.com');
        expect(url.pathname.split('/')).toHaveLength(8);
      }),
    );
  });
});
