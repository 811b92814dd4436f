import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dialedAddressOf } from '../../src/core/dialed.js';
import type { StoppedTask } from '../../src/core/event.js';

const task = (stoppedReason: string, reasons: string[] = []): StoppedTask => ({
  region: 'us-east-1',
  account: '111122223333',
  clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod',
  clusterName: 'prod',
  taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/prod/0a1b2c3d4e5f',
  taskId: '0a1b2c3d4e5f',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:3',
  family: 'web',
  lastStatus: 'STOPPED',
  stoppedReason,
  containers: reasons.map((reason, i) => ({ name: `c${i}`, reason })),
  eni: {},
});

describe('the address a stop text dialled', () => {
  it.each([
    [
      'CannotPullContainerError: failed to do request: Head "https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/web/manifests/1.0": dial tcp 54.239.28.177:443: i/o timeout',
      { ip: '54.239.28.177', port: 443, private: false },
    ],
    [
      'ResourceInitializationError: unable to pull secrets or registry auth: dial tcp 10.20.3.41:443: i/o timeout',
      { ip: '10.20.3.41', port: 443, private: true },
    ],
    [
      'dial tcp 100.64.12.9:443: connect: connection refused',
      { ip: '100.64.12.9', port: 443, private: true },
    ],
    ['dial tcp 172.31.0.5:443: i/o timeout', { ip: '172.31.0.5', port: 443, private: true }],
    ['dial tcp 172.32.0.5:443: i/o timeout', { ip: '172.32.0.5', port: 443, private: false }],
  ])('%s', (text, expected) => {
    expect(dialedAddressOf(task(text))).toMatchObject(expected);
  });

  it('finds the address in a container reason when the task reason only says the task failed', () => {
    const found = dialedAddressOf(
      task('Task failed to start', ['CannotPullContainerError: dial tcp 52.216.8.10:443: i/o timeout']),
    );
    expect(found).toEqual({
      ip: '52.216.8.10',
      port: 443,
      private: false,
      evidence: 'dial tcp 52.216.8.10:443',
    });
  });

  it.each([
    'dial tcp: lookup api.ecr.us-east-1.amazonaws.com: no such host',
    'dial tcp 300.1.1.1:443: i/o timeout',
    'Task failed to start',
  ])('names no address in %s', (text) => {
    expect(dialedAddressOf(task(text))).toBeUndefined();
  });

  it('never throws, and anything it returns is a valid address the text contains', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.ipV4(),
        fc.string({ maxLength: 40 }),
        (noise, ip, tail) => {
          const text = `${noise}dial tcp ${ip}:443${tail}`;
          const found = dialedAddressOf(task(text));
          if (found) {
            expect(text).toContain(found.evidence);
            expect(found.ip.split('.').every((o) => Number(o) <= 255)).toBe(true);
          }
        },
      ),
    );
  });
});
