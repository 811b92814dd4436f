import type { Registry } from './causes.js';

/**
 * Registry hosts and image references: which registry an image or a host in a stop
 * message belongs to. Pure; never throws.
 */

const REGION = String.raw`[a-z]{2}(?:-[a-z]+)+-\d{1,2}`;
// <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn], the dual-stack <account>.dkr-ecr.<region>.on.aws,
// and the ECR API endpoints (api.ecr.<region>…, ecr.<region>…) that registry auth goes to.
const ECR_HOST = new RegExp(
  String.raw`(?:^|\.)(?:dkr\.ecr(?:-fips)?\.(${REGION})\.amazonaws\.com(?:\.cn)?|dkr-ecr(?:-fips)?\.(${REGION})\.on\.aws|(?:api\.)?ecr(?:-fips)?\.(${REGION})\.(?:amazonaws\.com(?:\.cn)?|api\.aws))$`,
  'i',
);
const ECR_PUBLIC_HOST = /^(?:public\.ecr\.aws|api\.ecr-public\.[a-z0-9-]+\.amazonaws\.com)$/i;
const DOCKER_HUB_HOSTS: ReadonlySet<string> = new Set([
  'docker.io',
  'registry-1.docker.io',
  'index.docker.io',
  'registry.docker.io',
  'registry.hub.docker.com',
  'hub.docker.com',
  'auth.docker.io',
  'production.cloudflare.docker.com',
  // Docker Hub's own rate-limit message links here.
  'www.docker.com',
]);
/** AWS service hosts that are not registries (S3 layers, Secrets Manager, Logs …). */
const AWS_NON_REGISTRY_HOST = /(?:\.amazonaws\.com(?:\.cn)?|\.on\.aws|\.api\.aws)$/i;
const PORT = /:\d{1,5}$/;
const DNS_NAME = /^[a-z0-9█*-]+(?:\.[a-z0-9█*-]+)+$|^localhost$/;
/** A host that is only a placeholder someone typed over the real one (`xxxxx.xxx`, `<host>`, `***`). */
const PLACEHOLDER_HOST = /^[x*█.<>_ -]+$/i;

/** The registry of a host, or undefined when the host is not a registry (an AWS service, a placeholder). */
export function registryOfHost(rawHost: string): Registry | undefined {
  // scheme://user@host:port/path → host:port (string operations: this runs per URL in a message)
  let host = rawHost;
  const scheme = host.indexOf('://');
  if (scheme >= 0) host = host.slice(scheme + 3);
  const slash = host.indexOf('/');
  if (slash >= 0) host = host.slice(0, slash);
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  const port = PORT.exec(host);
  const bare = (port ? host.slice(0, port.index) : host).toLowerCase();
  // Link-local addresses are the instance's metadata and credential endpoints, never a registry.
  if (bare === '' || bare.startsWith('169.254.') || PLACEHOLDER_HOST.test(bare)) return undefined;
  if (bare.includes('ecr')) {
    const ecr = ECR_HOST.exec(bare);
    if (ecr) return { kind: 'ecr', host, region: ecr[1] ?? ecr[2] ?? ecr[3] ?? '' };
    if (ECR_PUBLIC_HOST.test(bare)) return { kind: 'ecr-public', host };
  }
  if (DOCKER_HUB_HOSTS.has(bare)) return { kind: 'dockerhub', host };
  if (AWS_NON_REGISTRY_HOST.test(bare)) return undefined;
  // Anything else that looks like a DNS name or host:port is some other registry.
  if (!port && !DNS_NAME.test(bare)) return undefined;
  return { kind: 'private-registry', host };
}

/**
 * The registry of an image reference, with Docker's rules: the first path component is a
 * host when it has a dot or a port or is `localhost`; otherwise the image is on Docker Hub
 * (`nginx:1`, `library/nginx`). One extension: a reference with no path whose name is a
 * dotted domain (`artifactory.example.com:1`, as people redact their images) names a host,
 * since no Docker Hub image is called that.
 *
 * Linear in the length of the reference: the image comes from the event, so it is cut by
 * index (`@`, `/`, the last `:`) and checked a character at a time, never by a pattern that
 * can backtrack (a regex trimming its quotes took seconds on a 256 KB image).
 */
export function registryOfImage(rawImage: string): Registry | undefined {
  const image = unquoted(rawImage.trim());
  if (image === '' || /\s/.test(image)) return undefined;
  const at = image.indexOf('@');
  const withoutDigest = at < 0 ? image : image.slice(0, at);
  const slash = withoutDigest.indexOf('/');
  if (slash < 0) {
    const name = withoutTag(withoutDigest);
    if (isDottedDomain(name) || PLACEHOLDER_HOST.test(name)) return registryOfHost(name);
    if (!isDockerHubName(name)) return undefined;
    return { kind: 'dockerhub', host: 'docker.io' };
  }
  const first = withoutDigest.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost' || first.includes('█')) {
    return registryOfHost(first);
  }
  return { kind: 'dockerhub', host: 'docker.io' };
}

/** The text without the double quotes around it (`"nginx:1"`, as copied out of JSON). */
function unquoted(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === QUOTE) start++;
  while (end > start && text.charCodeAt(end - 1) === QUOTE) end--;
  return text.slice(start, end);
}
const QUOTE = 0x22;

/** The name without its tag: a last `:` followed by 1 to 128 of `[A-Za-z0-9_.-]`, the first not `.` or `-`. */
function withoutTag(name: string): string {
  const colon = name.lastIndexOf(':');
  const tag = name.slice(colon + 1);
  if (colon < 0 || tag.length < 1 || tag.length > 128) return name;
  if (!isWordChar(tag.charCodeAt(0))) return name;
  for (let i = 1; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (!isWordChar(c) && c !== DOT && c !== DASH) return name;
  }
  return name.slice(0, colon);
}

/** `artifactory.example.com`: two or more labels of `[A-Za-z0-9-]`, the last of two or more letters. */
function isDottedDomain(name: string): boolean {
  const lastDot = name.lastIndexOf('.');
  if (lastDot < 0 || name.length - lastDot - 1 < 2) return false;
  let labelLength = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === DOT) {
      if (labelLength === 0) return false;
      labelLength = 0;
    } else if (i > lastDot ? isAsciiLetter(c) : isAsciiLetter(c) || isDigit(c) || c === DASH) labelLength++;
    else return false;
  }
  return true;
}

/** `nginx`, `my_app.v2`: lower-case letters and digits, separated by single `.`, `_` or `-`. */
function isDockerHubName(name: string): boolean {
  let previousSeparator = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const separator = c === DOT || c === UNDERSCORE || c === DASH;
    if (separator ? previousSeparator : !(isLowerLetter(c) || isDigit(c))) return false;
    previousSeparator = separator;
  }
  return !previousSeparator;
}

const DOT = 0x2e;
const DASH = 0x2d;
const UNDERSCORE = 0x5f;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLowerLetter = (c: number) => c >= 0x61 && c <= 0x7a;
const isAsciiLetter = (c: number) => isLowerLetter(c | 0x20);
const isWordChar = (c: number) => isAsciiLetter(c) || isDigit(c) || c === UNDERSCORE;
