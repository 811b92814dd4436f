import {
  type Cause,
  type Classification,
  type ContainerStop,
  isNetworkCause,
  type Registry,
  SERVICES,
  type Service,
  type StopRecord,
} from './causes.js';
import {
  ALL_NEEDLES,
  CALL_SERVICES,
  ECR_ERROR,
  type Fact,
  FIXED_SERVICE,
  HTTP,
  IAM_ACTION,
  LOCAL_LOG_DRIVER,
  LOCAL_RUNTIME,
  NAMED_IMAGE,
  NOT_FOUND,
  ORDINARY_STOP_CODES,
  REFERENCE,
  REFERENCE_NEEDLES,
  RULES,
  type Rule,
  START_FAILURE,
  URL_HOST,
} from './classify-rules/index.js';
import { summaryOf } from './classify-summary.js';
import { addAll, intersects, type Mask, NeedleIndex } from './needles.js';
import { registryOfHost, registryOfImage } from './registry.js';

/**
 * The stop-reason classifier: `stopCode` + `stoppedReason` + each container's `reason`
 * → one cause, the service it implicates, the registry, the evidence and a sentence.
 *
 * Pure, total and deterministic. The rules (`classify-rules/`) are matched
 * case-insensitively on every field, in order, so that specific beats generic: the first
 * rule that matches any field decides. When none does, it abstains (`unknown`) rather than
 * guess.
 */

/** A field longer than this is classified on its head: ECS itself keeps reasons far shorter. */
export const MAX_FIELD_CHARS = 16_384;

const NEEDLES = new NeedleIndex(ALL_NEEDLES);

/** A pattern and the bit set of the needles that gate it, resolved once at load. */
type Gate = Readonly<{ mask: Mask; pattern: RegExp }>;
const gate = (fact: Fact): Gate => ({ mask: NEEDLES.mask(fact.needles), pattern: fact.pattern });

const RULE_GATES: readonly Readonly<{ rule: Rule; gate: Gate; requires: Gate | undefined }>[] = RULES.map(
  (rule) => ({
    rule,
    gate: gate(rule),
    requires: rule.requires && gate(rule.requires),
  }),
);
const CALL_GATES = CALL_SERVICES.map((call) => ({ service: call.service, gate: gate(call) }));
const IAM_ACTION_GATE = gate(IAM_ACTION);
const ECR_ERROR_GATE = gate(ECR_ERROR);
const LOCAL_RUNTIME_GATE = gate(LOCAL_RUNTIME);
const LOCAL_LOG_DRIVER_GATE = gate(LOCAL_LOG_DRIVER);
const START_FAILURE_GATE = gate(START_FAILURE);
const HTTP_MASK = NEEDLES.mask(HTTP);
const NOT_FOUND_MASK = NEEDLES.mask(NOT_FOUND);
const REFERENCE_MASK = NEEDLES.mask(REFERENCE_NEEDLES);

/** A field of the input: its text and the needles that occur in it. */
type Field = Readonly<{ text: string; hits: Uint32Array }>;

type Context = Readonly<{
  fields: readonly Field[];
  containers: readonly ContainerStop[];
  /** The first registry the text names, if any. */
  textRegistry: Registry | undefined;
}>;

type Hit = Readonly<{ text: string; field: Field }>;

/** Field texts in a fixed order: the stop reason, then each container's reason. */
function fieldsOf(record: StopRecord, containers: readonly ContainerStop[]): Field[] {
  const fields: Field[] = [];
  for (const value of [record.stoppedReason, ...containers.map((c) => c.reason)]) {
    if (typeof value !== 'string' || value === '') continue;
    const text = value.length > MAX_FIELD_CHARS ? value.slice(0, MAX_FIELD_CHARS) : value;
    fields.push({ text, hits: NEEDLES.scan(text.toLowerCase()) });
  }
  return fields;
}

function containersOf(record: StopRecord): ContainerStop[] {
  const raw: unknown = record.containers;
  if (!Array.isArray(raw)) return [];
  return raw.filter((c): c is ContainerStop => typeof c === 'object' && c !== null);
}

/** The first match of the gate's pattern in a field that shows one of its needles. */
function findIn(fields: readonly Field[], { mask, pattern }: Gate): Hit | undefined {
  for (const field of fields) {
    if (!intersects(field.hits, mask)) continue;
    const m = pattern.exec(field.text);
    if (m && m[0] !== '') return { text: m[0], field };
  }
  return undefined;
}

/** The first registry the text names: in the first field that names one, the earliest mention. */
function textRegistryOf(fields: readonly Field[]): Registry | undefined {
  for (const field of fields) {
    let at = Number.POSITIVE_INFINITY;
    let found: Registry | undefined;
    if (intersects(field.hits, HTTP_MASK)) {
      for (const m of field.text.matchAll(URL_HOST)) {
        const registry = m[1] === undefined ? undefined : registryOfHost(m[1]);
        if (registry && (registry.kind !== 'private-registry' || m[2] !== undefined)) {
          [at, found] = [m.index, registry];
          break;
        }
      }
    }
    if (intersects(field.hits, NOT_FOUND_MASK)) {
      for (const m of field.text.matchAll(NAMED_IMAGE)) {
        if (m.index > at) break;
        const registry = registryOfImage(m[1] ?? m[2] ?? m[3] ?? '');
        if (registry) {
          [at, found] = [m.index, registry];
          break;
        }
      }
    }
    if (intersects(field.hits, REFERENCE_MASK)) {
      for (const m of field.text.matchAll(REFERENCE)) {
        if (m.index > at) break;
        const ref = m[1] ?? '';
        const registry = m[0].toLowerCase().startsWith('lookup') ? registryOfHost(ref) : registryOfImage(ref);
        if (registry) {
          [at, found] = [m.index, registry];
          break;
        }
      }
    }
    if (found) return found;
  }
  return undefined;
}

/** The evidence a rule finds (its match in every field that shows it, then the required fact), or undefined. */
function ruleMatches(
  { rule, gate, requires }: (typeof RULE_GATES)[number],
  ctx: Context,
): readonly string[] | undefined {
  if (rule.registry === 'ecr' && ctx.textRegistry?.kind !== 'ecr') return undefined;
  if (rule.registry === 'ecr-or-unnamed' && ctx.textRegistry && ctx.textRegistry.kind !== 'ecr')
    return undefined;
  const hit = findIn(ctx.fields, gate);
  if (!hit) return undefined;
  const unless = rule.unless;
  if (unless && ctx.fields.some((f) => unless.test(f.text))) return undefined;
  const evidence = [hit.text];
  for (const field of ctx.fields.slice(ctx.fields.indexOf(hit.field) + 1)) {
    const more = intersects(field.hits, gate.mask) ? gate.pattern.exec(field.text)?.[0] : undefined;
    if (more && !evidence.includes(more)) evidence.push(more);
  }
  if (!requires) return evidence;
  const also = findIn(ctx.fields, requires);
  if (!also) return undefined;
  return evidence.some((e) => e.includes(also.text)) ? evidence : [...evidence, also.text];
}

/** The container whose reason carried the failure, else the only container with an image. */
function failingImage(ctx: Context): string | undefined {
  const withReason = ctx.containers.find(
    (c) => typeof c.reason === 'string' && c.reason !== '' && typeof c.image === 'string',
  );
  if (withReason?.image) return withReason.image;
  const images = ctx.containers
    .map((c) => c.image)
    .filter((i): i is string => typeof i === 'string' && i !== '');
  const distinct = new Set(images.map((i) => registryOfImage(i)?.host));
  return distinct.size === 1 ? images[0] : undefined;
}

function serviceOf(cause: Cause, ctx: Context, imageRegistry: Registry | undefined): Service {
  // A log driver other than awslogs (FireLens, fluentd, splunk …) implicates nothing outside the task.
  if (cause === 'logging-setup' && findIn(ctx.fields, LOCAL_LOG_DRIVER_GATE)) return 'none';
  const fixed = FIXED_SERVICE[cause];
  if (fixed) return fixed;
  if (cause === 'iam-execution-role' || cause === 'endpoint-policy') {
    // The denied action names the service outright (`logs:CreateLogGroup`).
    const action = findIn(ctx.fields, IAM_ACTION_GATE);
    const m = action ? IAM_ACTION.pattern.exec(action.text) : null;
    const prefix = (m?.[1] ?? m?.[2])?.toLowerCase();
    const named = SERVICES.find((svc) => svc === prefix);
    if (named) return named;
  }
  const isRegistryCause =
    cause === 'image-not-found' || cause === 'image-platform' || cause === 'registry-auth';
  if (!isRegistryCause) {
    for (const call of CALL_GATES) {
      if (findIn(ctx.fields, call.gate)) return call.service;
    }
  }
  if (ctx.textRegistry) return ctx.textRegistry.kind;
  if (findIn(ctx.fields, ECR_ERROR_GATE)) return 'ecr';
  // A failure inside the container runtime on the host implicates nothing external.
  if (cause === 'unknown' && findIn(ctx.fields, LOCAL_RUNTIME_GATE)) return 'none';
  // The failing container's image names the registry when the text does not — but only
  // for a cause the text ties to a pull; an unexplained failure implicates nothing yet.
  if (imageRegistry && cause !== 'unknown') return imageRegistry.kind;
  return 'unknown';
}

/** True when the cause is about the bucket the image's layers are served from: the image still names the registry. */
function servesLayers(cause: Cause, service: Service): boolean {
  return cause === 'network-s3-layer' || (cause === 'endpoint-policy' && service === 's3');
}

function verdict(
  cause: Cause,
  evidence: readonly string[],
  ctx: Context,
  options: Readonly<{ empty?: boolean; service?: Service | undefined }> = {},
): Classification {
  const image = failingImage(ctx);
  const imageRegistry = image === undefined ? undefined : registryOfImage(image);
  const service = options.service ?? serviceOf(cause, ctx, imageRegistry);
  const registry =
    ctx.textRegistry ??
    (imageRegistry && (service === imageRegistry.kind || servesLayers(cause, service))
      ? imageRegistry
      : null);
  return {
    cause,
    service,
    networkRelated: isNetworkCause(cause),
    registry,
    evidence,
    summary: summaryOf(cause, service, options.empty ?? false),
  };
}

/**
 * Classifies one stopped task. Total: any input, however malformed (wrong types, huge or
 * hostile text), yields a classification; nothing it does throws.
 */
export function classify(record: StopRecord): Classification {
  const safe: StopRecord = typeof record === 'object' && record !== null ? record : {};
  const containers = containersOf(safe);
  const fields = fieldsOf(safe, containers);
  const stopCode = typeof safe.stopCode === 'string' ? safe.stopCode : '';
  const ctx: Context = { fields, containers, textRegistry: textRegistryOf(fields) };

  const present = NEEDLES.empty();
  for (const field of fields) addAll(present, field.hits);
  for (const candidate of RULE_GATES) {
    if (!intersects(present, candidate.gate.mask)) continue;
    const evidence = ruleMatches(candidate, ctx);
    if (evidence) return verdict(candidate.rule.cause, evidence, ctx, { service: candidate.rule.service });
  }
  const failure = findIn(fields, START_FAILURE_GATE);
  if (failure) return verdict('unknown', [failure.text], ctx);
  if (stopCode.toLowerCase() === 'taskfailedtostart') return verdict('unknown', [stopCode], ctx);
  if (ORDINARY_STOP_CODES.has(stopCode.toLowerCase())) return verdict('not-a-start-failure', [stopCode], ctx);
  return verdict('unknown', [], ctx, { empty: fields.length === 0 && stopCode === '' });
}
