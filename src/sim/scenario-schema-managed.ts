import * as v from 'valibot';

// The Managed Instances parts of a scenario file (./scenario-schema.ts spreads them into its
// Schema): the capacity provider that placed the task, and what its infrastructure role may pass.

export const MANAGED_FIELDS = {
  /**
   * The capacity provider the task's event names (`capacityProviderName`). Of type
   * `MANAGED_INSTANCES`, ECS launches its instances through its infrastructure role, with its
   * instance profile.
   */
  capacityProvider: v.optional(
    v.object({
      name: v.string(),
      type: v.optional(v.string(), 'MANAGED_INSTANCES'),
      /** The infrastructure role's name. */
      infrastructureRole: v.optional(v.string(), 'ecsInfrastructureRole'),
      /** The instance profile's name. */
      instanceProfile: v.string(),
      /** The name of the role the profile holds (absent: the profile's own name). */
      instanceRole: v.optional(v.string()),
      /**
       * The infrastructure role's policy: AWS's managed one (`iam:PassRole` on
       * `role/ecsInstanceRole*`, to ec2.amazonaws.com) or a custom one that grants it on the
       * instance role whatever its name.
       */
      infrastructurePolicy: v.optional(v.picklist(['managed', 'custom']), 'managed'),
    }),
  ),
};
