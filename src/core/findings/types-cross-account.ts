/** The findings of an image in another account's ECR registry (catalogue: ./cross-account.ts). */
export type CrossAccountFinding = {
  id: 'ecr-repository-policy-denies';
  image: string;
  repository: string;
  /** The account whose registry holds the repository. */
  registryId: string;
  region: string;
  /** The role that pulls: the execution role, or the instance role on EC2 with none. */
  principalArn: string;
  /** The pull actions the repository policy does not grant the role. */
  actions: readonly string[];
  /** The repository has no policy at all (another account then grants nothing). */
  noPolicy: boolean;
  /** A statement of the policy denies the role explicitly: adding an Allow will not do. */
  explicit: boolean;
  /** The whole policy to set (its statements and the one to add), as JSON; absent when the present one is not a JSON object. */
  policy?: string;
};
