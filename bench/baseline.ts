import type { StoppedTask } from '../src/core/event.js';
import { needsOf } from '../src/core/needs.js';
import type { ReadPorts } from '../src/core/ports.js';

/**
 * The baseline the inspector is measured against: a naive checker that makes one call per
 * check, each after the last — for every subnet and every need, it reads what that check
 * looks at (the route, the ACL, the DNS attributes, the endpoints, each security group on
 * its own, each NAT gateway a route names). It finds the same facts; it only asks for them
 * the obvious way. Failures are skipped, as a checker would.
 */
export async function naiveInspect(task: StoppedTask, ports: ReadPorts): Promise<void> {
  const { ecs, ec2 } = ports;
  const ok = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch {
      return undefined;
    }
  };
  const td = await ok(() => ecs.describeTaskDefinition(task.taskDefinitionArn));
  const service = task.serviceName
    ? await ok(() => ecs.describeServiceNetwork(task.clusterArn, task.serviceName ?? ''))
    : undefined;
  const eniId = task.eni.networkInterfaceId;
  const enis = eniId ? ((await ok(() => ec2.describeNetworkInterfaces([eniId]))) ?? []) : [];
  const taskGroups = enis[0]?.securityGroupIds ?? service?.securityGroupIds ?? [];
  const subnetIds = [...new Set([task.eni.subnetId, ...(service?.subnetIds ?? [])])].filter(
    (id): id is string => id !== undefined,
  );
  const needs = td ? needsOf(td, task.region) : [];
  for (const subnetId of subnetIds) {
    const vpcId = (await ok(() => ec2.describeSubnets([subnetId])))?.[0]?.vpcId;
    if (!vpcId) continue;
    for (const _need of needs.length > 0 ? needs : [undefined]) {
      const tables = (await ok(() => ec2.describeRouteTables(vpcId))) ?? [];
      await ok(() => ec2.describeNetworkAcls(vpcId));
      await ok(() => ec2.describeVpcAttribute(vpcId, 'enableDnsSupport'));
      await ok(() => ec2.describeVpcAttribute(vpcId, 'enableDnsHostnames'));
      const endpoints = (await ok(() => ec2.describeVpcEndpoints(vpcId))) ?? [];
      for (const id of taskGroups) await ok(() => ec2.describeSecurityGroups([id]));
      for (const id of endpoints.flatMap((e) => e.securityGroupIds))
        await ok(() => ec2.describeSecurityGroups([id]));
      for (const id of endpoints.flatMap((e) => e.subnetIds)) await ok(() => ec2.describeSubnets([id]));
      const nats = tables.flatMap((t) =>
        t.routes.flatMap((r) => (r.target.kind === 'nat-gateway' && r.target.id ? [r.target.id] : [])),
      );
      for (const id of nats) await ok(() => ec2.describeNatGateways([id]));
    }
  }
  await ok(() => ecs.describeClusterTags(task.clusterArn));
}
