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
  // The platform itself: capacity, addresses, disk, the runtime, stale credentials. ECS placing
  // an EC2 task (RunTask, or a service's event) on a cluster or capacity provider with no
  // registered instance says "No Container Instances were found in your cluster" (or "… capacity
  // provider"): no capacity, before any pull.
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
      'no container instances',
    ],
    pattern:
      /InsufficientFreeAddressesInSubnet|no space left on device|failed to (?:extract|register|apply) layer[^\n:]{0,40}|CannotCreateVolumeError|unable to copy contents to volume|ephemeral storage[^\n.:]{0,60}|Capacity is unavailable at this time|insufficient capacity|ContainerRuntime(?:Timeout)?Error[^\n:]{0,60}|CannotInspectContainerError|ExpiredToken(?:Exception)?|security token included in the request is expired|Timeout waiting for network interface provisioning to complete|Could not tran\w{0,4}tion to (?:created|inspecting)(?:; timed out after waiting \w+)?|failed to setup network namespace|cni setup[^\n:]{0,40}|devmapper: Thin Pool[^\n.]{0,80}|CgroupError(?:: [\w' ]{1,80})?|could not create task's platform resources|No Container Instances were found in your (?:cluster|capacity provider)/i,
  },
  // The Docker daemon on the instance could not wire the container into its own networks
  // (bridge mode, or the pause container's): the docker0 bridge is gone, the veth pair or the
  // host port cannot be set up. The host's runtime, not the task's network path in the VPC.
  {
    cause: 'capacity-or-platform',
    needles: [
      'could not find bridge',
      'failed to create endpoint',
      'driver failed programming external connectivity',
      'failed to add the host',
      'port is already allocated',
    ],
    pattern:
      /failed to create endpoint [^\s]{1,200} on network [\w.-]{1,100}(?:: [^\n]{0,160})?|driver failed programming external connectivity on endpoint [^\s]{1,200}(?: \([^)\s]{1,64}\))?(?:: [^\n]{0,160})?|(?:adding interface [\w.-]{1,40} to bridge [\w.-]{1,40} failed: )?could not find bridge [\w.-]{1,40}(?:: [\w +.]{1,60})?|failed to add the host \([\w.-]{1,40}\) <=> sandbox \([\w.-]{1,40}\) pair interfaces(?:: [\w ]{1,40})?|Bind for [\w.:[\]]{1,60} failed: port is already allocated/i,
  },
];
