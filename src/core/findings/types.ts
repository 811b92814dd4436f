import type { InstanceRoleNotPassable } from '../managed-instances.js';
import type { EndpointService, InterfaceService, RouteTarget } from '../network.js';
import type { CrossAccountFinding } from './types-cross-account.js';
import type { PullThroughFinding } from './types-pull-through.js';
import type { PullTimeFinding } from './types-pull-time.js';
import type { RegistryNeedsInternetFinding } from './types-registry.js';

/**
 * What the diagnosis found: the finding ids of `docs/network.md`, each with the
 * resources it concerns, the evidence (the route, the rule, the attribute), the task
 * features it breaks, and the fix in words.
 */
type Common = Readonly<{
  resources: readonly string[];
  evidence: readonly string[];
  /** The task's features this breaks (`image … (container app)`, `secret DB_URL (container api)`). */
  breaks: readonly string[];
  fix: string;
}>;

/** Who the task is, seen from an endpoint's security group. */
export type TaskPeer = Readonly<{ securityGroupIds?: readonly string[]; cidrs: readonly string[] }>;

/** Where the task must be allowed to send TCP 443. */
export type EgressPeer = Readonly<
  | { kind: 'endpoint'; securityGroupIds: readonly string[]; cidrs: readonly string[] }
  | { kind: 'prefix-list'; prefixListId: string }
  /** `family: 'ipv6'`: from an IPv6-only subnet, to `::/0` (an egress-only or internet gateway). */
  | { kind: 'internet'; family?: 'ipv6' }
>;

/** What sends an endpoint's names past the VPC resolver (network.md, "DNS"). */
export type DnsBypass = Readonly<
  | { kind: 'dhcp-options'; dhcpOptionsId: string; servers: readonly string[] }
  | { kind: 'resolver-rule'; ruleId: string; name?: string; domainName: string; targetIps: readonly string[] }
>;

export type Finding = Common &
  Readonly<
    | { id: 'no-egress-path'; vpcId: string; subnetIds: readonly string[]; routeTableIds: readonly string[] }
    | {
        id: 'public-ip-disabled';
        internetGatewayId: string;
        subnetIds: readonly string[];
        /** The container instance whose interface lacks it (a task in bridge, host or none mode). */
        instanceId?: string;
      }
    | {
        id: 'nat-unavailable';
        natGatewayId?: string;
        state: string;
        routeTableId: string;
        /**
         * Why an available NAT gateway is no way out (network.md, "Egress or endpoints"): it is
         * `private`, or its own subnet (`natSubnetId`, whose route table is `natRouteTableId`)
         * has no 0.0.0.0/0 route to an internet gateway.
         */
        reason?: 'private' | 'no-internet-route';
        natSubnetId?: string;
        natRouteTableId?: string;
      }
    | {
        id: 'missing-endpoint';
        service: InterfaceService;
        vpcId: string;
        subnetIds: readonly string[];
        task: TaskPeer;
      }
    | { id: 's3-gateway-missing'; vpcId: string; routeTableIds: readonly string[] }
    | { id: 's3-gateway-not-associated'; endpointId: string; routeTableIds: readonly string[] }
    | { id: 'endpoint-unavailable'; endpointId: string; service: EndpointService; state: string }
    | { id: 'endpoint-private-dns-off'; endpointId: string; service: InterfaceService }
    | { id: 'vpc-dns-off'; vpcId: string; attribute: 'enableDnsSupport' | 'enableDnsHostnames' }
    | {
        id: 'dns-bypasses-endpoints';
        service: InterfaceService;
        vpcId: string;
        /** The endpoint whose private DNS names are not answered by the VPC resolver. */
        endpointId: string;
        /** What sends the names elsewhere. */
        via: DnsBypass;
        /** The service's names it takes (`logs.eu-west-1.amazonaws.com`). */
        names: readonly string[];
        /** The VPC resolver's address (the VPC CIDR's base + 2), where the VPC CIDR is known. */
        vpcResolver?: string;
      }
    | {
        id: 'endpoint-sg-blocks-443';
        endpointId: string;
        service: InterfaceService;
        endpointSecurityGroupIds: readonly string[];
        task: TaskPeer;
        /** The prefix lists its inbound 443 rules name (none holds the task): adding the task's range to one fixes it too. */
        prefixListIds?: readonly string[];
      }
    | {
        id: 'task-sg-blocks-443';
        service?: EndpointService;
        taskSecurityGroupIds: readonly string[];
        /** The container instance they are of (a task in bridge, host or none mode): its interface's groups. */
        instanceId?: string;
        peer: EgressPeer;
        /** The prefix lists its outbound 443 rules name (none holds the endpoints): adding their range to one fixes it too. */
        prefixListIds?: readonly string[];
      }
    | {
        id: 'nacl-blocks';
        networkAclId: string;
        subnetIds: readonly string[];
        direction: 'inbound' | 'outbound';
        ports: string;
        cidr: string;
        ruleNumber?: number;
        /** Traffic through the S3 gateway: the region's S3 prefix list, whose ranges the ACL must pass. */
        prefixListId?: string;
        /** Each of its ranges the ACL blocks in this direction, and the rule that does (absent: the default rule). */
        ranges?: readonly Readonly<{ cidr: string; ruleNumber?: number }>[];
      }
    | {
        id: 'endpoint-policy-denies';
        endpointId: string;
        service: EndpointService;
        /** Each call refused, as `action on resource`. */
        denied: readonly string[];
        /** The Deny statements that refuse some of them (`"Sid"` or `statement N`); absent: no statement allows them. */
        denyStatements?: readonly string[];
      }
    | RegistryNeedsInternetFinding
    | {
        id: 'no-ipv6-egress';
        vpcId: string;
        /** Subnets whose path is IPv6 (IPv6-only, or dual-stack and an IPv6 address was dialled). */
        subnetIds: readonly string[];
        routeTableIds: readonly string[];
      }
    | {
        id: 'image-uri-ipv4-only';
        /** The image as the task definition names it, by ECR's classic (IPv4-only) name. */
        image: string;
        container: string;
        /** The same image by ECR's dual-stack name (`<account>.dkr-ecr.<region>.on.aws/…`): the fix. */
        dualStackImage: string;
        /** The IPv6-only subnets it was to be pulled from. */
        subnetIds: readonly string[];
      }
    | { id: 'path-leaves-vpc'; routeTableId: string; target: RouteTarget }
    | ({ id: 'managed-instances-role-not-passable' } & InstanceRoleNotPassable)
    | { id: 'execution-role-missing'; why: string }
    | {
        id: 'execution-role-denies';
        roleArn: string;
        /** The container instance whose role it is (the task has no execution role). */
        instanceId?: string;
        action: string;
        resource: string;
        decision: 'explicitDeny' | 'implicitDeny';
        /** The IAM policy statement that would allow it (recommended, never applied). */
        statement: string;
      }
    | { id: 'ecr-repository-missing'; image: string; repository: string; registryId: string; region: string }
    | {
        id: 'image-tag-missing';
        image: string;
        repository: string;
        /** The tag or digest the task asks for. */
        reference: string;
        /** The repository's tags nearest to it, closest first. */
        nearest: readonly string[];
      }
    | { id: 'image-platform-mismatch'; image: string; wanted: string; offered: readonly string[] }
    | {
        id: 'image-digest-gone';
        image: string;
        repository: string;
        registryId: string;
        region: string;
        tag: string;
        /** The digest the task's deployment pinned the tag to, which ECR no longer holds. */
        digest: string;
        cluster: string;
        /** The service whose deployment pinned it (absent: a task started by RunTask). */
        service?: string;
        /** The repository's lifecycle rules that could have expired it, in words. */
        rules: readonly string[];
      }
    | {
        id: 'image-archived';
        image: string;
        repository: string;
        registryId: string;
        region: string;
        /** The archived image's digest (the one the task pulls). */
        digest: string;
        /** Its size as ECR stores it (compressed), when ECR said. */
        sizeInBytes?: number;
        /** The repository's lifecycle rules that could have archived it, in words. */
        rules: readonly string[];
      }
    | {
        id: 'ephemeral-storage-too-small';
        /** The task definition family and revision (`checkout:18`). */
        taskDefinition: string;
        /** The task's ephemeral storage, GiB, and whether it is Fargate's default (no `ephemeralStorage`). */
        storageGiB: number;
        defaulted: boolean;
        /** The images' size as ECR stores them (compressed), bytes, summed. */
        imageBytes: number;
        /** What the images need on disk by the stated assumption, GiB (rounded up). */
        neededGiB: number;
        /** What to ask for: the need and a margin, within Fargate's 21–200 GiB. */
        suggestedGiB: number;
      }
    | PullThroughFinding
    | PullTimeFinding
    | CrossAccountFinding
    | {
        id: 'secret-missing';
        /** What is missing: the secret, the parameter, the version asked for, the JSON key; or the secret is being deleted. */
        what: 'secret' | 'parameter' | 'version' | 'json-key' | 'deleted';
        valueFrom: string;
      }
    | {
        id: 'duplicate-endpoints';
        service: InterfaceService;
        vpcId: string;
        /** The endpoint to keep: the one that serves (available, private DNS on), else the oldest. */
        keepEndpointId: string;
        /** ecs-pullfix's endpoints for the service beyond the one kept: to delete. */
        extraEndpointIds: readonly string[];
        /** Others' endpoints for the service beyond the one kept: said, never proposed for deletion. */
        otherEndpointIds: readonly string[];
        /** What the extras cost a month, and what the others do (USD, list price). */
        extraMonthlyUsd: number;
        otherMonthlyUsd: number;
      }
    | {
        id: 'efs-no-mount-target';
        fileSystemId: string;
        /** The Availability Zone of the task's subnet, where the file system has no available mount target. */
        availabilityZone: string;
        vpcId: string;
        /** The task's subnets in that zone (a new mount target goes in one of them). */
        subnetIds: readonly string[];
        /** The zones where it has an available mount target in the VPC. */
        zonesWithTargets: readonly string[];
        /** The security groups of one of its mount targets, for the new one (absent: none read). */
        mountTargetSecurityGroupIds?: readonly string[];
      }
    | {
        id: 'efs-sg-blocks-2049';
        fileSystemId: string;
        /** Whose groups refuse NFS: the mount targets' (inbound from the task) or the task's (outbound to them). */
        side: 'mount-target' | 'task';
        /** The groups of the mount targets concerned (their ids are among `resources`). */
        mountTargetSecurityGroupIds: readonly string[];
        task: TaskPeer;
      }
    | {
        id: 'efs-access-point-missing';
        fileSystemId: string;
        accessPointId: string;
        /** It does not exist, belongs to another file system, or is not available. */
        problem: 'missing' | 'other-file-system' | 'not-available';
        otherFileSystemId?: string;
        state?: string;
      }
    | { id: 'efs-iam-no-task-role'; fileSystemId: string }
    | {
        id: 'efs-iam-denied';
        fileSystemId: string;
        /** The task role, which EFS's IAM authorization mounts as. */
        roleArn: string;
        /** The client actions neither its policies nor the file system policy allow (or one denies). */
        actions: readonly string[];
        /** A Deny statement refuses one: granting cannot cure it. */
        explicit: boolean;
        fileSystemArn: string;
        /** The access point it mounts through (the condition key `elasticfilesystem:AccessPointArn`). */
        accessPointArn?: string;
      }
    | {
        id: 'endpoint-ipv4-only';
        endpointId: string;
        service: InterfaceService;
        /** What is IPv4-only: its addresses (`IpAddressType`), or only its private DNS records (`DnsRecordIpType`). */
        problem: 'addresses' | 'dns-records';
        /** The subnets whose path is IPv6 (IPv6-only, or dual-stack dialled over IPv6). */
        subnetIds: readonly string[];
      }
    | { id: 'not-checked'; check: string; why: string }
    | { id: 'path-ok'; checked: readonly string[] }
  >;

export type FindingId = Finding['id'];

/** The finding of one id, with its own fields. */
export type FindingOf<K extends FindingId> = Extract<Finding, { id: K }>;
