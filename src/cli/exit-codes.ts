/**
 * Exit codes, after the AWS CLI's: 0 done; 1 some input could not be processed (`scan`: a
 * cluster, service or account not read); 2 `check` or
 * `scan` found a service that would fail to start; 252 bad usage or input (an unknown cluster,
 * task or service too); 253 bad configuration (region, credentials, profile, endpoint, an
 * `ECS_PULLFIX_*` variable); 254 an AWS call failed; 255 unexpected.
 */
export const EXIT = {
  ok: 0,
  partial: 1,
  wouldFail: 2,
  usage: 252,
  config: 253,
  aws: 254,
  unexpected: 255,
} as const;
