import type { Rule } from './types.js';

/** The log driver, a throttled registry, a missing platform variant, and the platform itself (capacity, addresses, disk, the runtime). */
export const PLATFORM_RULES: readonly Rule[] = [
  // The log driver, for reasons other than network or IAM.
  {
    cause: 'logging-setup',
    needles: ['log group does not exist', 'missingendpoint', 'missingregion', 'log group name is invalid'],
    pattern:
      /(?:The )?specified log group does not exist|log group does not exist|MissingEndpoint[\w :]*|MissingRegion[\w :]*|specified log group name is invalid/i,
  },
  // The registry throttled the pull (a throttled log call is the log driver's, below).
  {
    cause: 'registry-rate-limit',
    unless: /log stream|log group|logging driver|logger args/i,
    needles: ['toomanyrequests', '429', 'rate limit', 'rate exceeded', 'throttl'],
    pattern:
      /toomanyrequests|TooManyRequestsException|429 Too Many Requests|status code:? ?429\b|\(429\)|You have reached your (?:unauthenticated )?pull rate limit|pull rate limit|ThrottlingException(?:: Rate exceeded)?|Rate exceeded/i,
  },
  // No manifest for the task's platform.
  {
    cause: 'image-platform',
    needles: ['descriptor', 'no matching manifest', 'platform', 'exec format error'],
    pattern:
      /(?:does not contain|failed to find a|no) descriptor (?:matching|for) platform[^\n.]{0,40}|no matching manifest for [^\s]{1,60}(?: in the manifest list entries)?|does not match the specified platform[^\n.]{0,40}|exec format error/i,
  },
  // The platform itself: capacity, addresses, disk, the runtime, stale credentials.
  {
    cause: 'capacity-or-platform',
    needles: [
      'insufficientfreeaddresses',
      'no space left on device',
      'layer',
      'cannotcreatevolumeerror',
      'copy contents to volume',
      'ephemeral storage',
      'capacity',
      'containerruntime',
      'cannotinspectcontainererror',
      'expiredtoken',
      'security token included in the request is expired',
      'network interface provisioning',
      'could not tran',
      'failed to setup network namespace',
      'cni setup',
      'devmapper',
      'thin pool',
      'cgrouperror',
      'could not create task',
    ],
    pattern:
      /InsufficientFreeAddressesInSubnet|no space left on device|failed to (?:extract|register|apply) layer[^\n:]{0,40}|CannotCreateVolumeError|unable to copy contents to volume|ephemeral storage[^\n.:]{0,60}|Capacity is unavailable at this time|insufficient capacity|ContainerRuntime(?:Timeout)?Error[^\n:]{0,60}|CannotInspectContainerError|ExpiredToken(?:Exception)?|security token included in the request is expired|Timeout waiting for network interface provisioning to complete|Could not tran\w{0,4}tion to (?:created|inspecting)(?:; timed out after waiting \w+)?|failed to setup network namespace|cni setup[^\n:]{0,40}|devmapper: Thin Pool[^\n.]{0,80}|CgroupError(?:: [\w' ]{1,80})?|could not create task's platform resources/i,
  },
];
