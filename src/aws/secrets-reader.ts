import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters, SSMClient } from '@aws-sdk/client-ssm';
import type { SecretsReader } from '../core/ports.js';
import type { SecretState } from '../core/workload.js';
import { read, toReadError } from './answers.js';
import { type ClientOptions, clientConfig } from './clients.js';

/** DescribeParameters takes at most 50 values in a filter. */
const NAMES_PER_CALL = 50;

/** The secrets read port, on the SDK: Secrets Manager and Parameter Store metadata, never a value. */
export class SdkSecretsReader implements SecretsReader {
  readonly #sm: SecretsManagerClient;
  readonly #ssm: SSMClient;
  constructor(sm: SecretsManagerClient, ssm: SSMClient) {
    this.#sm = sm;
    this.#ssm = ssm;
  }

  async describeSecret(secretId: string): Promise<SecretState> {
    try {
      const out = await this.#sm.send(new DescribeSecretCommand({ SecretId: secretId }));
      return {
        kind: 'secret',
        arn: out.ARN ?? secretId,
        ...(out.KmsKeyId ? { kmsKeyId: out.KmsKeyId } : {}),
        versions: out.VersionIdsToStages ?? {},
        ...(out.DeletedDate ? { deletedDate: out.DeletedDate.toISOString() } : {}),
      };
    } catch (e) {
      if ((e as { name?: string }).name === 'ResourceNotFoundException') return { kind: 'missing' };
      throw toReadError('secretsmanager:DescribeSecret', e);
    }
  }

  async describeParameters(names: readonly string[]): Promise<SecretState[]> {
    return read('ssm:DescribeParameters', async () => {
      const found: SecretState[] = [];
      for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
        const Values = names.slice(i, i + NAMES_PER_CALL);
        const pages = paginateDescribeParameters(
          { client: this.#ssm },
          { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values }] },
        );
        for await (const page of pages) {
          for (const p of page.Parameters ?? []) {
            if (!p.Name) continue;
            found.push({
              kind: 'parameter',
              name: p.Name,
              type: p.Type ?? 'String',
              version: p.Version ?? 1,
              ...(p.KeyId ? { keyId: p.KeyId } : {}),
            });
          }
        }
      }
      return found;
    });
  }
}

/**
 * The secrets read port on clients of its own (Secrets Manager and SSM): the Lambda imports
 * this module on the port's first call (`src/aws/ports.ts`).
 */
export function makeSecretsReader(options: ClientOptions): SecretsReader {
  return new SdkSecretsReader(
    new SecretsManagerClient(clientConfig(options, 'secretsManager')),
    new SSMClient(clientConfig(options, 'ssm')),
  );
}
