import { interfaceEndpointMonthlyUsd } from '../prices.js';
import { ifValid, type NameCheck } from '../shell.js';
import { endpointGroupIac, gatewayEndpointIac, type Iac, interfaceEndpointIac } from './iac.js';
import {
  ENDPOINT_GROUP_NAME,
  type GroupRef,
  type RulePeer,
  type Write,
  type WriteKind,
  type WriteOf,
} from './types.js';
import {
  addRouteTablesCommand,
  createGatewayCommand,
  createGroupCommand,
  createInterfaceEndpointCommand,
  groupNames,
  peerNames,
  ruleCommand,
} from './write-commands.js';

/** Whose tag, beside the VPC's, lets auto-fix make a write (`./gate.ts`). */
export type OptInOwner = Readonly<
  { kind: 'group'; groupId: string } | { kind: 'gateway'; endpointId: string }
>;

/** Everything the plan knows about one kind of write, in one place. */
export type WriteSpec<K extends WriteKind> = Readonly<{
  /** What makes two writes of this kind the same write, run after run (after the kind). */
  identity: (w: WriteOf<K>) => string;
  /** Why auto-fix may make it, when nothing stands in its way. */
  reason: string;
  /** Estimated monthly cost, in USD. */
  monthlyUsd: (w: WriteOf<K>) => number;
  /** The names its command holds, each with the pattern it must match. */
  names: (w: WriteOf<K>) => NameCheck[];
  /** The AWS CLI command(s) that make it by hand. */
  command: (w: WriteOf<K>) => string;
  iac?: (w: WriteOf<K>) => Iac;
  /** The VPC of the endpoint group it creates or names (undefined: it does not). */
  endpointGroup?: (w: WriteOf<K>) => string | undefined;
  /** Whose opt-in it needs beside the VPC's (undefined: the VPC's is enough). */
  optIn?: (w: WriteOf<K>) => OptInOwner | undefined;
}>;

export function groupRefId(g: GroupRef): string {
  return g.kind === 'existing' ? g.groupId : `${ENDPOINT_GROUP_NAME}@${g.vpcId}`;
}

function peerId(p: RulePeer): string {
  if (p.kind === 'security-group') return groupRefId(p.group);
  return p.kind === 's3-prefix-list' ? `s3-prefix-list@${p.region}` : p.cidr;
}

const RULE_REASON =
  'an added TCP 443 rule whose peer is a security group, the S3 prefix list or the VPC’s own CIDR';
const ENDPOINT_REASON = 'an additive, tagged VPC endpoint';
const onGroup = (g: GroupRef): OptInOwner | undefined =>
  g.kind === 'existing' ? { kind: 'group', groupId: g.groupId } : undefined;
const free = () => 0;

/** Every kind of write, with its identity, reason, cost, command and opt-in. */
export const WRITES: { readonly [K in WriteKind]: WriteSpec<K> } = {
  'create-endpoint-security-group': {
    identity: (w) => w.vpcId,
    reason: 'a new, tagged security group for the endpoints ecs-pullfix creates',
    monthlyUsd: free,
    names: (w) => [['VPC id', w.vpcId]],
    command: createGroupCommand,
    iac: endpointGroupIac,
    endpointGroup: (w) => w.vpcId,
  },
  'authorize-ingress-443': {
    identity: (w) => `${groupRefId(w.group)}:${peerId(w.peer)}`,
    reason: RULE_REASON,
    monthlyUsd: free,
    names: (w) => [...groupNames(w.group), ...peerNames(w.peer)],
    command: (w) => ruleCommand('ingress', w.group, w.peer),
    endpointGroup: (w) => (w.group.kind === 'endpoint-group' ? w.group.vpcId : undefined),
    optIn: (w) => onGroup(w.group),
  },
  'authorize-egress-443': {
    identity: (w) => `${groupRefId(w.group)}:${peerId(w.peer)}`,
    reason: RULE_REASON,
    monthlyUsd: free,
    names: (w) => [...groupNames(w.group), ...peerNames(w.peer)],
    command: (w) => ruleCommand('egress', w.group, w.peer),
    endpointGroup: (w) =>
      w.group.kind === 'endpoint-group'
        ? w.group.vpcId
        : w.peer.kind === 'security-group' && w.peer.group.kind === 'endpoint-group'
          ? w.peer.group.vpcId
          : undefined,
    optIn: (w) => onGroup(w.group),
  },
  'create-interface-endpoint': {
    identity: (w) => `${w.vpcId}:${w.service}`,
    reason: ENDPOINT_REASON,
    monthlyUsd: (w) => interfaceEndpointMonthlyUsd(w.subnetIds.length),
    names: (w) => [
      ['VPC id', w.vpcId],
      ['VPC endpoint service name', w.serviceName],
      ...w.subnetIds.map((id): NameCheck => ['subnet id', id]),
      ...groupNames(w.group),
    ],
    command: createInterfaceEndpointCommand,
    iac: interfaceEndpointIac,
  },
  'create-s3-gateway-endpoint': {
    identity: (w) => w.vpcId,
    reason: ENDPOINT_REASON,
    monthlyUsd: free,
    names: (w) => [
      ['VPC id', w.vpcId],
      ['VPC endpoint service name', w.serviceName],
      ...w.routeTableIds.map((id): NameCheck => ['route table id', id]),
    ],
    command: createGatewayCommand,
    iac: gatewayEndpointIac,
  },
  'add-route-tables-to-s3-gateway': {
    identity: (w) => `${w.endpointId}:${[...w.routeTableIds].sort().join(',')}`,
    reason: 'route tables added to the existing S3 gateway endpoint',
    monthlyUsd: free,
    names: (w) => [
      ['VPC endpoint id', w.endpointId],
      ...w.routeTableIds.map((id): NameCheck => ['route table id', id]),
    ],
    command: addRouteTablesCommand,
    optIn: (w) => ({ kind: 'gateway', endpointId: w.endpointId }),
  },
};

/** A write's entry, typed for any write (the mapped type pairs each kind with its own spec). */
export const specOf = (w: Write): WriteSpec<WriteKind> => WRITES[w.kind] as unknown as WriteSpec<WriteKind>;

/** A write's stable identity: the same write to the same resources has the same id, run after run. */
export const writeId = (w: Write): string => `${w.kind}:${specOf(w).identity(w)}`;

/** The AWS CLI command(s) that make a write by hand (none for a name AWS would not accept). */
export const cliOf = (w: Write): string => ifValid(specOf(w).names(w), () => specOf(w).command(w));

/** The VPC of the endpoint group a write creates or names (undefined: it does not). */
export const endpointGroupOf = (w: Write): string | undefined => specOf(w).endpointGroup?.(w);
