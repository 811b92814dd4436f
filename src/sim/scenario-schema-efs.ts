import * as v from 'valibot';

// The EFS parts of a scenario file (./scenario-schema.ts uses them): the account's file systems,
// their mount targets, access points and policies.

/** One EFS file system of the account: its mount targets (each in a subnet of the VPC: its zone is the subnet's). */
export const EFS_FILE_SYSTEM = v.object({
  fileSystemId: v.string(),
  mountTargets: v.optional(
    v.array(
      v.object({
        id: v.string(),
        subnet: v.string(),
        securityGroups: v.array(v.string()),
        ip: v.optional(v.string()),
        state: v.optional(v.string(), 'available'),
      }),
    ),
    [],
  ),
  /** Its access points (DescribeAccessPoints): an access point another file system holds is listed there. */
  accessPoints: v.optional(
    v.array(
      v.object({
        id: v.string(),
        state: v.optional(v.string(), 'available'),
        rootDirectory: v.optional(v.string(), '/'),
      }),
    ),
    [],
  ),
  /** Its file system policy, as a JSON document (absent: none, the default policy). */
  policy: v.optional(v.string()),
});

/** What iam:SimulatePrincipalPolicy answers for the task role (absent: everything allowed). */
export const TASK_ROLE_POLICY = v.optional(
  v.object({
    /** `denied`: the caller may not simulate it (AccessDenied: outside `simulatedRoles`). */
    simulation: v.optional(v.picklist(['allowed', 'denied']), 'allowed'),
    /** Actions (`elasticfilesystem:ClientWrite`) the role lacks. */
    deny: v.optional(v.array(v.string()), []),
    explicitDeny: v.optional(v.array(v.string()), []),
  }),
);
