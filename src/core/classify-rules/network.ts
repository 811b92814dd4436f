import { NETWORK_CALL, PULL_CALL } from './calls.js';
import type { Rule } from './types.js';

/** Names that do not resolve, and the task's network interface not reaching a registry or AWS service. */
export const NETWORK_RULES: readonly Rule[] = [
  // An AWS endpoint name built from an unset region (`logs.undefined.amazonaws.com`) does
  // not resolve, but the fix is the option that built it, not DNS.
  {
    cause: 'logging-setup',
    needles: ['logs.'],
    pattern: /logs\.(?:undefined|null|none|nan|\$\{[^}\s]{0,40}\})\.amazonaws\.com/i,
  },
  // The same for an image URI with a placeholder left in it.
  {
    cause: 'image-not-found',
    needles: ['ecr', 'invalid parameter at'],
    pattern:
      /dkr\.ecr\.(?:undefined|null|none|nan|\$\{[^}\s]{0,40}\})\.amazonaws\.com|InvalidParameterException: Invalid parameter at '(?:registryIds?|repositoryName|imageIds?)'/i,
  },
  // A name did not resolve.
  {
    cause: 'network-dns',
    needles: [
      'lookup ',
      'no such host',
      'name resolution',
      'name or service not known',
      'server misbehaving',
      'could not resolve',
      'failed to resolve "',
      'enotfound',
    ],
    pattern:
      /(?:dial tcp: )?lookup [\w.-]{1,253}(?: on [\w.:[\]]{0,59}[\w\]])?(?:: (?:no such host|server misbehaving|i\/o timeout|read udp [\w.:[\]>-]{1,120}: i\/o timeout))?|no such host|Temporary failure in name resolution|Name or service not known|server misbehaving|[Cc]ould not resolve host[^\n]{0,60}|Failed to resolve "[^"\n]{1,253}"|getaddrinfo ENOTFOUND[^\n]{0,60}/i,
    unless: /failed to resolve ref/i,
  },
  // "failed to resolve ref … lookup …" is a DNS failure too; only the lookup decides here.
  {
    cause: 'network-dns',
    needles: ['lookup '],
    pattern:
      /(?:dial tcp: )?lookup [\w.-]{1,253}(?: on [\w.:[\]]{0,59}[\w\]])?(?:: (?:no such host|server misbehaving|i\/o timeout))?/i,
  },
  // The task's ENI could not reach a registry or AWS service.
  {
    cause: 'network-timeout',
    needles: ['connection issue between the task'],
    pattern: /(?:There is a )?connection issue between the task and (?:Amazon |AWS )?[\w ]{1,40}/i,
  },
  {
    cause: 'network-timeout',
    needles: [
      'i/o timeout',
      'client.timeout',
      'request canceled',
      'requestcanceled',
      'tls handshake timeout',
      'timed out',
      'no route to host',
      'network is unreachable',
      'connection refused',
      'connection reset',
      'reach any registry endpoint',
    ],
    pattern:
      /dial tcp [\w.:[\]<>_-]{1,80}: (?:i\/o timeout|connect: (?:connection refused|no route to host|network is unreachable|connection timed out))|i\/o timeout|(?:net\/http: )?request canceled(?: while waiting for connection)?(?: \(Client\.Timeout exceeded while awaiting headers\))?|Client\.Timeout exceeded[\w ]*|RequestCanceled: request context cancell?ed|(?:net\/http: )?TLS handshake timeout|connection timed out|no route to host|network is unreachable|connection refused|connection reset by peer|Could not reach any registry endpoint/i,
  },
  // A timeout or cancellation is a network symptom only on a pull, an auth, a secret or a
  // log call; inside containerd volume or layer work it is the platform (rules above).
  {
    cause: 'network-timeout',
    needles: ['context deadline exceeded', 'context canceled'],
    pattern: /context (?:deadline exceeded|canceled)/i,
    requires: NETWORK_CALL,
  },
  // DockerTimeoutError on pull or start (console truncation and typos included), and the
  // agent's manifest fetch timing out before the pull (`Could not transition to
  // MANIFEST_PULLED; timed out after waiting 1m0.5s`, aws/amazon-ecs-agent's docker_client.go).
  {
    cause: 'network-timeout',
    needles: ['could not tran'],
    pattern:
      /(?:DockerTimeoutError: )?Could not tran\w{0,4}tion to (?:pull(?!begin)\w*|start\w*|manifest_pulled)(?:; timed out after waiting [\w.]{1,40})?/i,
  },
  // The SDK's network failure (`RequestError` is the AWS SDK for Go's code for one), and the
  // hint AWS appends to network failures.
  {
    cause: 'network-timeout',
    needles: ['send request failed', 'network configuration', 'requesterror'],
    pattern:
      /RequestError: send request failed|send request failed|(?:Please )?check your task network configuration|RequestError\b/i,
  },
  // A bare timeout on a pull.
  {
    cause: 'network-timeout',
    needles: ['timeout', 'timed out'],
    pattern: /\btime(?:d )?out\b/i,
    requires: PULL_CALL,
  },
  // The log driver's validation killed after waiting on CloudWatch Logs (what AWS reports
  // when there is no path to it).
  {
    cause: 'network-timeout',
    needles: ['logger args'],
    pattern: /failed to validate logger args[^\n]{0,300}?signal: killed/i,
  },
];
