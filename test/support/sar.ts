import type { AuthRequest } from './iam-eval.js';

/**
 * The rows of AWS's Service Authorization Reference that the Lambda's role relies on
 * (docs/iam.md quotes them, with the pages they come from): for each action, the resource
 * types a request names (`required`: marked * in the table) and the condition keys that are
 * in the request context for each; `keys` are the action's own (the row without a resource
 * type). A key outside these is not in the context, whatever the request holds: that is how
 * `ec2:VpceServiceName` is absent from ModifyVpcEndpoint's requests.
 */
/** The SAR's placeholders for any tag key and any attribute name (`aws:ResourceTag/${TagKey}`). */
const TAG_KEY = '$' + '{TagKey}';
const ATTRIBUTE = '$' + '{AttributeName}';

type Row = Readonly<{ required: boolean; keys: readonly string[] }>;
type ActionRows = Readonly<{ resources: Readonly<Record<string, Row>>; keys: readonly string[] }>;

const groupKeys = [
  `aws:ResourceTag/${TAG_KEY}`,
  `ec2:ResourceTag/${TAG_KEY}`,
  'ec2:SecurityGroupID',
  'ec2:Vpc',
];
const authorize: ActionRows = {
  resources: {
    'security-group': { required: true, keys: groupKeys },
    'security-group-rule': { required: false, keys: [`aws:RequestTag/${TAG_KEY}`, 'aws:TagKeys'] },
  },
  keys: ['ec2:Region'],
};
const tagging = [
  `aws:RequestTag/${TAG_KEY}`,
  `aws:ResourceTag/${TAG_KEY}`,
  'aws:TagKeys',
  `ec2:ResourceTag/${TAG_KEY}`,
];

export const SAR: Readonly<Record<string, ActionRows>> = {
  'ec2:CreateSecurityGroup': {
    resources: {
      'security-group': {
        required: true,
        keys: [`aws:RequestTag/${TAG_KEY}`, 'aws:TagKeys', 'ec2:SecurityGroupID'],
      },
      vpc: {
        required: false,
        keys: [`aws:ResourceTag/${TAG_KEY}`, `ec2:ResourceTag/${TAG_KEY}`, 'ec2:Tenancy', 'ec2:VpcID'],
      },
    },
    keys: ['ec2:Region'],
  },
  'ec2:AuthorizeSecurityGroupIngress': authorize,
  'ec2:AuthorizeSecurityGroupEgress': authorize,
  'ec2:CreateVpcEndpoint': {
    resources: {
      vpc: {
        required: true,
        keys: [`aws:ResourceTag/${TAG_KEY}`, `ec2:ResourceTag/${TAG_KEY}`, 'ec2:VpcID'],
      },
      'vpc-endpoint': {
        required: true,
        keys: [
          `aws:RequestTag/${TAG_KEY}`,
          'aws:TagKeys',
          'ec2:VpceMultiRegion',
          'ec2:VpcePrivateDnsPreference',
          'ec2:VpcePrivateDnsSpecifiedDomains',
          'ec2:VpceServiceName',
          'ec2:VpceServiceOwner',
          'ec2:VpceServiceRegion',
        ],
      },
      'route-table': {
        required: false,
        keys: [`aws:ResourceTag/${TAG_KEY}`, `ec2:ResourceTag/${TAG_KEY}`, 'ec2:RouteTableID'],
      },
      'security-group': {
        required: false,
        keys: [`aws:ResourceTag/${TAG_KEY}`, `ec2:ResourceTag/${TAG_KEY}`, 'ec2:SecurityGroupID'],
      },
      subnet: {
        required: false,
        keys: [`aws:ResourceTag/${TAG_KEY}`, `ec2:ResourceTag/${TAG_KEY}`, 'ec2:SubnetID'],
      },
    },
    keys: ['ec2:Region'],
  },
  'ec2:ModifyVpcEndpoint': {
    resources: {
      'vpc-endpoint': {
        required: true,
        keys: [
          `aws:ResourceTag/${TAG_KEY}`,
          'ec2:Attribute',
          `ec2:Attribute/${ATTRIBUTE}`,
          `ec2:ResourceTag/${TAG_KEY}`,
          'ec2:VpceMultiRegion',
          'ec2:VpceServiceRegion',
        ],
      },
      'route-table': {
        required: false,
        keys: [`aws:ResourceTag/${TAG_KEY}`, `ec2:ResourceTag/${TAG_KEY}`, 'ec2:RouteTableID'],
      },
      'security-group': { required: false, keys: groupKeys },
      subnet: {
        required: false,
        keys: [
          `aws:ResourceTag/${TAG_KEY}`,
          'ec2:AvailabilityZone',
          'ec2:AvailabilityZoneId',
          `ec2:ResourceTag/${TAG_KEY}`,
          'ec2:SubnetID',
          'ec2:Vpc',
        ],
      },
    },
    keys: ['ec2:Region'],
  },
  'ec2:CreateTags': {
    resources: {
      'security-group': { required: false, keys: [...tagging, 'ec2:SecurityGroupID', 'ec2:Vpc'] },
      'security-group-rule': { required: false, keys: tagging },
      'vpc-endpoint': { required: false, keys: tagging },
      vpc: { required: false, keys: [...tagging, 'ec2:Tenancy', 'ec2:VpcID'] },
    },
    keys: ['ec2:CreateAction', 'ec2:Region'],
  },
  'iam:SimulatePrincipalPolicy': {
    resources: { role: { required: false, keys: [] }, user: { required: false, keys: [] } },
    keys: [],
  },
  'ecr:GetDownloadUrlForLayer': { resources: { repository: { required: true, keys: [] } }, keys: [] },
  'ecr:GetLifecyclePolicy': { resources: { repository: { required: true, keys: [] } }, keys: [] },
  'ecr:GetRepositoryPolicy': { resources: { repository: { required: true, keys: [] } }, keys: [] },
  // An organisation's: the hub's assumption of a member role, the member role's own two reads.
  // aws:ResourceOrgID is a global key, in no row (docs/iam.md quotes where it is available).
  'sts:AssumeRole': {
    resources: { role: { required: true, keys: [] } },
    keys: [
      'aws:TagKeys',
      `aws:RequestTag/${TAG_KEY}`,
      'sts:TransitiveTagKeys',
      'sts:ExternalId',
      'sts:RoleSessionName',
      `iam:ResourceTag/${TAG_KEY}`,
      'sts:SourceIdentity',
    ],
  },
  'iam:ListRoleTags': { resources: { role: { required: true, keys: [] } }, keys: [] },
  'iam:ListAccountAliases': { resources: {}, keys: [] },
};

/**
 * The inspector's reads that name a resource (docs/iam.md quotes the rows): every other read
 * is an action of the SAR with no resource type, authorized on `*`. ECS's `Describe*` name
 * theirs (`cluster*`, `service*`, `container-instance*`, `capacity-provider*`), all but
 * `DescribeTaskDefinition`, whose row has none.
 * `GetManagedPrefixListEntries` names the `prefix-list*` it reads: a customer's list is the
 * account's, S3's is AWS's (`arn:aws:ec2:<region>:aws:prefix-list/…`).
 */
const READS_ON_RESOURCES: Readonly<Record<string, (w: World) => readonly string[]>> = {
  // ECS, on the resource each names (their rows: cluster*, service*, container-instance*, capacity-provider*).
  'ecs:DescribeClusters': (w) => [`arn:${w.partition}:ecs:${w.region}:${w.account}:cluster/orders-ec2`],
  'ecs:DescribeServices': (w) => [
    `arn:${w.partition}:ecs:${w.region}:${w.account}:service/orders-ec2/orders-worker`,
  ],
  'ecs:DescribeContainerInstances': (w) => [
    `arn:${w.partition}:ecs:${w.region}:${w.account}:container-instance/orders-ec2/c1b80f49a53f6bd15da9c38f0f1c5dec`,
  ],
  'ecs:DescribeCapacityProviders': (w) => [
    `arn:${w.partition}:ecs:${w.region}:${w.account}:capacity-provider/ledger-mi`,
  ],
  // On the file system it names (the API reference of DescribeMountTargets).
  'elasticfilesystem:DescribeMountTargets': (w) => [
    `arn:${w.partition}:elasticfilesystem:${w.region}:${w.account}:file-system/fs-0a1b2c3d4e5f60718`,
  ],
  // By id, on the access point (its SAR row: access-point*, file-system*); the policy, on the file system.
  'elasticfilesystem:DescribeAccessPoints': (w) => [
    `arn:${w.partition}:elasticfilesystem:${w.region}:${w.account}:access-point/fsap-0b1c2d3e4f5a60719`,
  ],
  'elasticfilesystem:DescribeFileSystemPolicy': (w) => [
    `arn:${w.partition}:elasticfilesystem:${w.region}:${w.account}:file-system/fs-0a1b2c3d4e5f60718`,
  ],
  // On the repository it names (GetLifecyclePolicy's row: repository*).
  'ecr:GetLifecyclePolicy': (w) => [`arn:${w.partition}:ecr:${w.region}:${w.account}:repository/checkout`],
  // On the repository it names (repository*), of another account's registry (its registryId).
  'ecr:GetRepositoryPolicy': (w) => [
    `arn:${w.partition}:ecr:${w.region}:444455556666:repository/platform/orders-api`,
    `arn:${w.partition}:ecr:${w.region}:${w.account}:repository/checkout`,
  ],
  'ec2:GetManagedPrefixListEntries': (w) => [
    `arn:${w.partition}:ec2:${w.region}:${w.account}:prefix-list/pl-0a1b2c3d4e5f60718`,
    `arn:${w.partition}:ec2:${w.region}:aws:prefix-list/pl-63a5400a`,
  ],
};

/** The authorizations one read of the inspector makes (with `ec2:Region`, the key every EC2 row has). */
export function readAuthorizations(action: string, world: World): TypedRequest[] {
  const context: Record<string, string> = action.startsWith('ec2:') ? { 'ec2:Region': world.region } : {};
  const named = READS_ON_RESOURCES[action];
  if (!named) return [{ action, resource: '*', resourceType: '*', context }];
  const typeOf = (resource: string) =>
    action.startsWith('ecs:')
      ? (/:ecs:[^:]*:[^:]*:([a-z-]+)\//.exec(resource)?.[1] ?? '*')
      : action.startsWith('ecr:')
        ? 'repository'
        : !action.startsWith('elasticfilesystem:')
          ? 'prefix-list'
          : resource.includes(':access-point/')
            ? 'access-point'
            : 'file-system';
  return named(world).map((resource) => ({ action, resource, resourceType: typeOf(resource), context }));
}

/** Tags by key. */
type Tags = Readonly<Record<string, string>>;

/** What the account holds, as far as the request contexts need: each resource's tags and VPC. */
export type World = {
  partition: string;
  region: string;
  account: string;
  vpcs: Record<string, Tags>;
  groups: Record<string, { vpcId: string; tags: Tags }>;
  endpoints: Record<string, { vpcId: string; serviceName: string; tags: Tags }>;
  routeTables: Record<string, { vpcId: string }>;
  subnets: Record<string, { vpcId: string }>;
  /** Who owns an endpoint service: `amazon` for AWS's own (`com.amazonaws.<region>.<service>`). */
  serviceOwners: Record<string, string>;
};

/** An SDK command as sent: its name (`CreateVpcEndpointCommand`) and input. */
export type SentCommand = Readonly<{ name: string; input: Record<string, unknown> }>;

/** One authorization of a sent command, with the resource type it was made on. */
export type TypedRequest = AuthRequest & Readonly<{ resourceType: string }>;

/**
 * The authorizations one SDK call makes: one per resource it names, each with the condition
 * keys of its context (only those the SAR lists for that action and resource type), plus the
 * `ec2:CreateTags` of the tags it asks to be created with. Created resources get the ids
 * `created` gives (what the call answered), and join the world with their tags.
 */
export function authorizationsOf(command: SentCommand, world: World, created?: string): TypedRequest[] {
  const ec2 = (type: string, id: string) =>
    `arn:${world.partition}:ec2:${world.region}:${world.account}:${type}/${id}`;
  const vpcArn = (id: string) => ec2('vpc', id);
  const vpcOf = (x: { vpcId: string } | undefined): Record<string, string> =>
    x ? { 'ec2:Vpc': vpcArn(x.vpcId) } : {};
  const i = command.input;
  const requested = requestTags(i.TagSpecifications);
  const out: TypedRequest[] = [];
  const add = (
    action: string,
    type: string,
    id: string,
    facts: Record<string, string | readonly string[]>,
  ) => {
    const rows = SAR[action];
    const row = rows?.resources[type];
    if (!rows || !row) throw new Error(`${action} on ${type}: not in the SAR rows of test/support/sar.ts`);
    const allowed = [...row.keys, ...rows.keys];
    const context = Object.fromEntries(
      Object.entries({ 'ec2:Region': world.region, ...facts }).filter(([key]) =>
        allowed.some(
          (k) => k === key || (k.endsWith(TAG_KEY) && key.startsWith(k.slice(0, -TAG_KEY.length))),
        ),
      ),
    );
    out.push({ action, resource: id.startsWith('arn:') ? id : ec2(type, id), resourceType: type, context });
  };
  const resourceTags = (tags: Tags) =>
    Object.fromEntries(
      Object.entries(tags).flatMap(([k, v]) => [
        [`aws:ResourceTag/${k}`, v],
        [`ec2:ResourceTag/${k}`, v],
      ]),
    );
  const tagOnCreate = (type: string, id: string, action: string) => {
    if (Object.keys(requested).length === 0) return;
    add('ec2:CreateTags', type, id, { ...requestFacts(requested), 'ec2:CreateAction': action });
  };
  const groupFacts = (id: string) => {
    const g = world.groups[id];
    return {
      ...resourceTags(g?.tags ?? {}),
      'ec2:SecurityGroupID': id,
      ...(g ? { 'ec2:Vpc': vpcArn(g.vpcId) } : {}),
    };
  };

  switch (command.name) {
    case 'CreateSecurityGroupCommand': {
      const id = created ?? 'sg-0new';
      const vpcId = String(i.VpcId);
      add('ec2:CreateSecurityGroup', 'security-group', id, requestFacts(requested));
      add('ec2:CreateSecurityGroup', 'vpc', vpcId, {
        ...resourceTags(world.vpcs[vpcId] ?? {}),
        'ec2:VpcID': vpcId,
      });
      tagOnCreate('security-group', id, 'CreateSecurityGroup');
      world.groups[id] = { vpcId, tags: requested };
      return out;
    }
    case 'AuthorizeSecurityGroupIngressCommand':
    case 'AuthorizeSecurityGroupEgressCommand': {
      const action = `ec2:${command.name.replace(/Command$/, '')}`;
      const groupId = String(i.GroupId);
      add(action, 'security-group', groupId, groupFacts(groupId));
      // The rule is a resource of the request whether or not it is tagged (assumed: docs/iam.md).
      add(action, 'security-group-rule', 'sgr-0new', requestFacts(requested));
      tagOnCreate('security-group-rule', 'sgr-0new', action.slice(4));
      return out;
    }
    case 'CreateVpcEndpointCommand': {
      const id = created ?? 'vpce-0new';
      const vpcId = String(i.VpcId);
      const serviceName = String(i.ServiceName);
      add('ec2:CreateVpcEndpoint', 'vpc-endpoint', id, {
        ...requestFacts(requested),
        'ec2:VpceServiceName': serviceName,
        'ec2:VpceServiceOwner': world.serviceOwners[serviceName] ?? ownerOf(serviceName),
        'ec2:VpceServiceRegion': serviceName.split('.')[2] ?? '',
      });
      add('ec2:CreateVpcEndpoint', 'vpc', vpcId, {
        ...resourceTags(world.vpcs[vpcId] ?? {}),
        'ec2:VpcID': vpcId,
      });
      for (const s of (i.SubnetIds as string[] | undefined) ?? [])
        add('ec2:CreateVpcEndpoint', 'subnet', s, { 'ec2:SubnetID': s, ...vpcOf(world.subnets[s]) });
      for (const g of (i.SecurityGroupIds as string[] | undefined) ?? [])
        add('ec2:CreateVpcEndpoint', 'security-group', g, groupFacts(g));
      for (const t of (i.RouteTableIds as string[] | undefined) ?? [])
        add('ec2:CreateVpcEndpoint', 'route-table', t, {
          'ec2:RouteTableID': t,
          ...vpcOf(world.routeTables[t]),
        });
      tagOnCreate('vpc-endpoint', id, 'CreateVpcEndpoint');
      world.endpoints[id] = { vpcId, serviceName, tags: requested };
      return out;
    }
    case 'ModifyVpcEndpointCommand': {
      const id = String(i.VpcEndpointId);
      const e = world.endpoints[id];
      // ec2:VpceServiceName is a fact of the endpoint, but not a key of this action's context.
      add('ec2:ModifyVpcEndpoint', 'vpc-endpoint', id, {
        ...resourceTags(e?.tags ?? {}),
        ...(e ? { 'ec2:VpceServiceName': e.serviceName, ...vpcOf(e) } : {}),
      });
      for (const t of [
        ...((i.AddRouteTableIds as string[] | undefined) ?? []),
        ...((i.RemoveRouteTableIds as string[] | undefined) ?? []),
      ])
        add('ec2:ModifyVpcEndpoint', 'route-table', t, {
          'ec2:RouteTableID': t,
          ...vpcOf(world.routeTables[t]),
        });
      return out;
    }
    case 'CreateTagsCommand': {
      // Tagging what exists: no ec2:CreateAction in the context.
      for (const r of (i.Resources as string[] | undefined) ?? []) {
        const type = r.startsWith('sg-') ? 'security-group' : r.startsWith('vpce-') ? 'vpc-endpoint' : 'vpc';
        const existing =
          type === 'security-group'
            ? world.groups[r]?.tags
            : type === 'vpc-endpoint'
              ? world.endpoints[r]?.tags
              : world.vpcs[r];
        add('ec2:CreateTags', type, r, {
          ...requestFacts(requestTags([{ Tags: i.Tags }])),
          ...resourceTags(existing ?? {}),
        });
      }
      return out;
    }
    case 'SimulatePrincipalPolicyCommand':
      add('iam:SimulatePrincipalPolicy', 'role', String(i.PolicySourceArn), {});
      return out;
    case 'GetDownloadUrlForLayerCommand':
      add(
        'ecr:GetDownloadUrlForLayer',
        'repository',
        `arn:${world.partition}:ecr:${world.region}:${String(i.registryId ?? world.account)}:repository/${String(i.repositoryName)}`,
        {},
      );
      return out;
    default:
      throw new Error(`${command.name}: no request mapping in test/support/sar.ts`);
  }
}

/** The owner AWS reports for a service name: `amazon` for AWS's own services. */
function ownerOf(serviceName: string): string {
  return /^com\.amazonaws\.[a-z0-9-]+\.[a-z0-9.-]+$/.test(serviceName) && !serviceName.includes('.vpce.')
    ? 'amazon'
    : 'unknown';
}

function requestTags(specifications: unknown): Tags {
  const specs = (specifications as { Tags?: { Key?: string; Value?: string }[] }[] | undefined) ?? [];
  return Object.fromEntries(specs.flatMap((s) => (s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])));
}

function requestFacts(tags: Tags): Record<string, string | readonly string[]> {
  if (Object.keys(tags).length === 0) return {};
  return {
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    'aws:TagKeys': Object.keys(tags),
  };
}
