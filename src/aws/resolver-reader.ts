import {
  paginateListResolverRuleAssociations,
  paginateListResolverRules,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { ResolverRule } from '../core/network.js';
import type { ResolverReader } from '../core/ports.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { collect } from './ec2-shapes.js';
import { call } from './errors.js';

/** Associations that do not (or no longer) send the VPC's questions anywhere. */
const NOT_IN_EFFECT: ReadonlySet<string> = new Set(['FAILED', 'DELETING']);

/*
 * The client is @aws-sdk/client-route53resolver 3.654.0, the newest the package registry
 * offers (the other clients are 3.116x). package.json's `overrides` make it use the shared
 * @aws-sdk/core, credential chain and @smithy packages of the other clients: without them it
 * brought its own (about 250 KB more in the Lambda's bundle, over the bench's 1024 KB). When
 * the SDK is upgraded, upgrade those override versions with it.
 */

/**
 * The Route 53 Resolver read port, on the SDK: which rules answer a VPC's names. Two calls,
 * each one paginated: the VPC's associations (filtered by `VPCId`), and the rules.
 */
export class SdkResolverReader implements ResolverReader {
  readonly #resolver: Route53ResolverClient;
  constructor(resolver: Route53ResolverClient) {
    this.#resolver = resolver;
  }

  listResolverRuleAssociations(vpcId: string): Promise<string[]> {
    return call('route53resolver:ListResolverRuleAssociations', () =>
      collect(
        paginateListResolverRuleAssociations(
          { client: this.#resolver },
          { Filters: [{ Name: 'VPCId', Values: [vpcId] }] },
        ),
        (p) =>
          (p.ResolverRuleAssociations ?? []).flatMap((a) =>
            a.ResolverRuleId && a.VPCId === vpcId && !NOT_IN_EFFECT.has(a.Status ?? '')
              ? [a.ResolverRuleId]
              : [],
          ),
      ),
    );
  }

  listResolverRules(): Promise<ResolverRule[]> {
    return call('route53resolver:ListResolverRules', () =>
      collect(paginateListResolverRules({ client: this.#resolver }, {}), (p) =>
        (p.ResolverRules ?? []).map((r) => ({
          id: r.Id ?? '',
          ...(r.Name ? { name: r.Name } : {}),
          domainName: r.DomainName ?? '',
          ruleType: r.RuleType ?? 'FORWARD',
          targetIps: (r.TargetIps ?? []).flatMap((t) => (t.Ip ? [t.Ip] : [])),
        })),
      ),
    );
  }
}

/** The Route 53 Resolver read port on a client of its own: the Lambda imports this module on the port's first call (`src/aws/ports.ts`). */
export function makeResolverReader(options: ClientOptions): ResolverReader {
  return new SdkResolverReader(new Route53ResolverClient(clientConfig(options, 'route53resolver')));
}
