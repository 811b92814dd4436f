import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  type EC2Client,
  ModifySubnetAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { type ECSClient, RegisterContainerInstanceCommand } from '@aws-sdk/client-ecs';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import type { Scenario } from '../../src/sim/scenario.js';

/**
 * The scenario's container instance, built in moto as an Auto Scaling group's instance joins a
 * cluster: an EC2 instance in the task's subnet with the instance's groups (and its instance
 * profile), registered to the cluster by its identity document. moto keeps only its own
 * attributes (no `ecs.vpc-id` nor `ecs.subnet-id`, and its PutAttributes cannot find a container
 * instance): on moto the inspector takes the path of an instance registered without them
 * (its VPC from DescribeInstances, a round later). A terminated instance is terminated once
 * registered. An instance with a launch template is launched from that template's version (moto
 * tags it `aws:ec2launchtemplate:id` and `:version`, and keeps them once it is terminated). Returns the container instance's ARN, or undefined when the scenario has none.
 */
export async function buildContainerInstanceInMoto(
  s: Scenario,
  clients: Readonly<{ ec2: EC2Client; ecs: ECSClient; config: object }>,
  id: (scenarioId: string) => string,
): Promise<string | undefined> {
  const c = s.file.containerInstance;
  if (!c) return undefined;
  const profile = c.instanceProfile
    ? await instanceProfileInMoto(c.instanceProfile, clients.config)
    : undefined;
  const template = await launchTemplateInMoto(s, clients.ec2, id);
  // A public IP, as a public subnet gives its instances (moto keeps the groups only when the
  // instance is launched by SubnetId and SecurityGroupIds, not by a network interface).
  if (c.publicIp)
    await clients.ec2.send(
      new ModifySubnetAttributeCommand({
        SubnetId: id(s.file.task.subnet),
        MapPublicIpOnLaunch: { Value: true },
      }),
    );
  const run = await clients.ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.medium',
      SubnetId: id(s.file.task.subnet),
      SecurityGroupIds: c.securityGroups.map(id),
      ...(profile ? { IamInstanceProfile: { Arn: profile } } : {}),
      ...(template ? { LaunchTemplate: template } : {}),
    }),
  );
  const instanceId = run.Instances?.[0]?.InstanceId ?? '';
  const cluster = s.file.cluster.name;
  const registered = await clients.ecs.send(
    new RegisterContainerInstanceCommand({
      cluster,
      instanceIdentityDocument: JSON.stringify({ instanceId, region: s.region }),
    }),
  );
  const arn = registered.containerInstance?.containerInstanceArn ?? '';
  if (c.state === 'terminated')
    await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  return arn;
}

/**
 * The scenario's launch template, at the version the instance names (the versions before it
 * alike): its groups, public IP and instance profile (by name: the instance's, built above).
 */
async function launchTemplateInMoto(
  s: Scenario,
  ec2: EC2Client,
  id: (scenarioId: string) => string,
): Promise<{ LaunchTemplateId: string; Version: string } | undefined> {
  const lt = s.file.containerInstance?.launchTemplate;
  if (!lt) return undefined;
  const groups = lt.securityGroups.map(id);
  const data = {
    ImageId: 'ami-12c6146b',
    ...(lt.publicIp === undefined
      ? { SecurityGroupIds: groups }
      : { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: lt.publicIp, Groups: groups }] }),
    ...(lt.instanceProfile ? { IamInstanceProfile: { Name: lt.instanceProfile } } : {}),
  };
  const created = await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `${s.file.cluster.name}-instances`,
      LaunchTemplateData: data,
    }),
  );
  const templateId = created.LaunchTemplate?.LaunchTemplateId ?? '';
  for (let v = 2; v <= Number(lt.version); v++)
    await ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: templateId, LaunchTemplateData: data }),
    );
  return { LaunchTemplateId: templateId, Version: lt.version };
}

/** An instance profile holding a role of the same name (as the console's ecsInstanceRole is). */
async function instanceProfileInMoto(name: string, config: object): Promise<string | undefined> {
  const iam = new IAMClient(config);
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  const created = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
  return created.InstanceProfile?.Arn;
}
