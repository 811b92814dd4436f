import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIncidentHistory } from '../../src/aws/incident-history.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { buildArtefact } from '../support/artefact.js';
import { type Handler, lambdaContext } from '../support/lambda-context.js';
import {
  buildInMoto,
  createIncidentTable,
  MOTO_URL,
  motoEnv,
  resetMoto,
  withoutMoto,
} from '../support/moto.js';

/**
 * The Lambda's path keeps the evidence: the artefact `osls package` ships, invoked on moto with
 * a stopped task of a private subnet with no way out, keeps the incident's event, snapshot and
 * findings in the incident table, where `history` reads them.
 */
const context = lambdaContext('req-history-1');
const TABLE = 'ecs-pullfix-incidents-history';

if (MOTO_URL === undefined) {
  withoutMoto('the Lambda keeping evidence on moto');
} else {
  const url = MOTO_URL;
  describe('the Lambda keeping evidence on moto', () => {
    const saved = { ...process.env };
    let handler: Handler;
    let event: Record<string, unknown>;

    beforeAll(async () => {
      Object.assign(process.env, motoEnv(url), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
      await resetMoto(url);
      ({ event } = await buildInMoto(loadScenario('no-egress-no-endpoints'), url));
      const topicArn =
        (await new SNSClient({}).send(new CreateTopicCommand({ Name: 'ecs-pullfix' }))).TopicArn ?? '';
      await createIncidentTable(new DynamoDBClient({}), TABLE);
      Object.assign(process.env, { ECS_PULLFIX_TOPIC_ARN: topicArn, ECS_PULLFIX_TABLE: TABLE });
      const { file } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-artefact-')));
      ({ handler } = (await import(pathToFileURL(file).href)) as { handler: Handler });
    }, 60_000);

    afterAll(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    it('keeps the told incident: history lists it, and its event, snapshot and findings read back', async () => {
      const result = await handler(event, context);
      expect(result).toMatchObject({ result: 'notified', outcome: 'action-needed' });
      const history = new DynamoIncidentHistory(new DynamoDBClient({}), TABLE);
      const page = await history.list({ limit: 10, cluster: 'prod-apps', service: 'checkout' }, new Date());
      expect(page.incidents).toEqual([
        expect.objectContaining({
          incidentId: result.incidentId,
          clusterName: 'prod-apps',
          workload: 'service:checkout',
          cause: 'network-timeout',
          root: 'no-egress-path',
          outcome: 'action-needed',
        }),
      ]);
      const kept = await history.get(String(result.incidentId), new Date());
      expect(kept?.dropped).toEqual([]);
      expect(kept?.task?.taskArn).toBe((event.detail as { taskArn: string }).taskArn);
      expect(kept?.snapshot?.endpoints).toEqual({ ok: true, value: [] });
      expect(kept?.findings?.map((f) => f.id)).toEqual(
        expect.arrayContaining(['no-egress-path', 'missing-endpoint']),
      );
    });
  });
}
