import * as v from 'valibot';

// The scenario's container instance: the EC2 instance a task on EC2 was placed on.

/**
 * The EC2 container instance the task was placed on (EC2 launch type). In `bridge`, `host` or
 * `none` network mode its interface carries the pull: `task.subnet` is then its subnet.
 */
export const CONTAINER_INSTANCE = v.optional(
  v.object({
    id: v.string(),
    securityGroups: v.array(v.string()),
    publicIp: v.optional(v.string()),
    /** Its instance profile's name (its role has the same name); absent: none. */
    instanceProfile: v.optional(v.string()),
    /** As EC2 says; `forgotten`: terminated long enough ago that EC2 no longer answers for it. */
    state: v.optional(v.picklist(['running', 'stopped', 'terminated', 'forgotten']), 'running'),
    /** As ECS says: `INACTIVE` once deregistered (scale-in). */
    status: v.optional(v.picklist(['ACTIVE', 'DRAINING', 'INACTIVE']), 'ACTIVE'),
    /** Whether the agent registered its `ecs.vpc-id` and `ecs.subnet-id` attributes (it does). */
    attributes: v.optional(v.boolean(), true),
    /** The capacity provider (of its Auto Scaling group) it belongs to. */
    capacityProvider: v.optional(v.string()),
    /**
     * The launch template (version) its Auto Scaling group launched it from (its
     * `aws:ec2launchtemplate:*` tags): what the group's next instance gets.
     */
    launchTemplate: v.optional(
      v.object({
        id: v.string(),
        version: v.optional(v.string(), '1'),
        securityGroups: v.optional(v.array(v.string()), []),
        /** `AssociatePublicIpAddress` of its network interface; absent: not said. */
        publicIp: v.optional(v.boolean()),
        /** Its instance profile's name; absent: none. */
        instanceProfile: v.optional(v.string()),
        /** Deleted since (DescribeLaunchTemplateVersions finds nothing). */
        deleted: v.optional(v.boolean(), false),
      }),
    ),
  }),
);
