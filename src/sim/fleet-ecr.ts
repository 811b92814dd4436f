import type { EcrReader } from '../core/ports.js';
import type { EcrImageRef } from '../core/workload.js';

/** Each ECR read, recorded, answered by the account whose task definition names the image. */
export function fleetEcr(
  repo: (ref: EcrImageRef) => EcrReader,
  record: (operation: string, input: unknown) => void,
  rules: EcrReader['pullThroughRules'],
  replication: EcrReader['replicationRules'],
): EcrReader {
  return {
    describeImage: (ref) => {
      record('ecr:DescribeImages', ref.image);
      return repo(ref).describeImage(ref);
    },
    listTags: (ref) => {
      record('ecr:ListImages', ref.repository);
      return repo(ref).listTags(ref);
    },
    lifecycleRules: (ref) => {
      record('ecr:GetLifecyclePolicy', ref.repository);
      return repo(ref).lifecycleRules(ref);
    },
    pullThroughRules: (registryId) => {
      record('ecr:DescribePullThroughCacheRules', registryId);
      return rules(registryId);
    },
    repositoryPolicy: (ref) => {
      record('ecr:GetRepositoryPolicy', ref.repository);
      return repo(ref).repositoryPolicy(ref);
    },
    replicationRules: (region) => {
      record('ecr:DescribeRegistry', region);
      return replication(region);
    },
    imagePlatforms: (ref) => {
      record('ecr:BatchGetImage', ref.image);
      return repo(ref).imagePlatforms(ref);
    },
  };
}
