import type { StoppedTask } from '../core/event.js';
import { type Checked, notChecked, type TaskDefinitionFacts } from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import { type EcrImageRef, type EcrImageState, ecrImageOf, type ImageCheck } from '../core/workload.js';
import { inspectPullThrough, type Puller, pullThroughRulesOf } from './inspect-pull-through.js';

/** A degrading read (`inspect-workload.ts`'s `Read`): a failure makes the check "not checked". */
type Read = <T>(operation: string, what: string, read: () => Promise<T>) => Promise<Checked<T>>;

/**
 * Each distinct ECR image of the task's containers, with the digest ECS pinned it to (the
 * event's `imageDigest`), and the pull-through cache rule it is under; an image in another
 * region's registry is described there, for its size only.
 */
export function inspectImages(
  task: StoppedTask,
  td: TaskDefinitionFacts,
  ports: ReadPorts,
  read: Read,
  account = task.account,
): Promise<ImageCheck[]> {
  const pinnedOf = (container: string) => task.containers.find((c) => c.name === container)?.imageDigest;
  const refs = td.containers
    .flatMap((c) => {
      const ref = ecrImageOf(c.image, c.name);
      const pinned = pinnedOf(c.name);
      // An image named by digest is its own pin; a tag's pin is what the deployment resolved.
      return !ref ? [] : pinned && ref.tag && !ref.digest ? [{ ...ref, pinnedDigest: pinned }] : [ref];
    })
    .filter((ref, i, all) => all.findIndex((r) => r.image === ref.image) === i);
  const puller: Puller = {
    account,
    ...(td.executionRoleArn ? { executionRoleArn: td.executionRoleArn } : {}),
  };
  const local = refs.filter((ref) => ref.region === task.region);
  const rules = pullThroughRulesOf(local, puller, ports, read);
  return Promise.all(
    refs.map((ref) =>
      ref.region === task.region
        ? withPullThrough(ref, rules, puller, ports, read)
        : inAnotherRegion(ref, task.region, ports, read),
    ),
  );
}

/**
 * An image in another Region's registry: described there (round 2), for its size only — how
 * long its pull takes from afar. Anything but the image found stays unjudged, as before.
 */
async function inAnotherRegion(
  ref: EcrImageRef,
  region: string,
  ports: ReadPorts,
  read: Read,
): Promise<ImageCheck> {
  const why = `${ref.image} is in ECR in ${ref.region}: only ${region}'s registry is checked`;
  const state = await read('ecr:DescribeImages', `image ${ref.image}`, () => ports.ecr.describeImage(ref));
  return {
    ref,
    state:
      state.ok && state.value.kind === 'found' ? state : notChecked(state.ok ? why : `${why}; ${state.why}`),
  };
}

/** The image's reads, and beside them (from the same answers) its pull-through cache's. */
async function withPullThrough(
  ref: EcrImageRef,
  rules: ReturnType<typeof pullThroughRulesOf>,
  puller: Puller,
  ports: ReadPorts,
  read: Read,
): Promise<ImageCheck> {
  const state = read('ecr:DescribeImages', `image ${ref.image}`, () => ports.ecr.describeImage(ref));
  const [check, pullThrough] = await Promise.all([
    inspectImage(ref, state, ports, read),
    inspectPullThrough(ref, state, rules, puller, ports, read),
  ]);
  return pullThrough ? { ...check, pullThrough } : check;
}

/**
 * Round 2: the tag, and beside it the digest the deployment pinned. Round 3: what the answers
 * lead to — a missing tag's neighbours, a found image's platforms, and the lifecycle policy
 * when the pinned digest is gone or the image pulled is archived.
 */
async function inspectImage(
  ref: EcrImageRef,
  tagged: Promise<Checked<EcrImageState>>,
  ports: ReadPorts,
  read: Read,
): Promise<ImageCheck> {
  const pinnedRef = pinnedRefOf(ref);
  const [state, pinned] = await Promise.all([
    tagged,
    pinnedRef
      ? read('ecr:DescribeImages', `the digest ${pinnedRef.digest} of ${ref.image}`, () =>
          ports.ecr.describeImage(pinnedRef),
        )
      : Promise.resolve(undefined),
  ]);
  const withPin = pinned ? { pinned } : {};
  if (!state.ok) return { ref, state, ...withPin };
  if (state.value.kind === 'image-missing' && ref.tag) {
    const tags = await read('ecr:ListImages', `the tags of repository ${ref.repository}`, () =>
      ports.ecr.listTags(ref),
    );
    return { ref, state, ...withPin, tags };
  }
  if (state.value.kind === 'found') {
    // An archived image cannot be pulled: its platforms are not what stops it, and are not read.
    const archived = isArchived(state.value);
    const [platforms, lifecycle] = await Promise.all([
      archived
        ? Promise.resolve(undefined)
        : read('ecr:BatchGetImage', `the platforms of ${ref.image}`, () => ports.ecr.imagePlatforms(ref)),
      needsLifecycle(state.value, pinned)
        ? read('ecr:GetLifecyclePolicy', `the lifecycle policy of repository ${ref.repository}`, () =>
            ports.ecr.lifecycleRules(ref),
          )
        : Promise.resolve(undefined),
    ]);
    return {
      ref,
      state,
      ...withPin,
      ...(platforms ? { platforms } : {}),
      ...(lifecycle ? { lifecycle } : {}),
    };
  }
  return { ref, state, ...withPin };
}

/** The pinned digest as a reference of its own (by digest alone). */
function pinnedRefOf(ref: EcrImageRef): (EcrImageRef & { digest: string }) | undefined {
  if (!ref.pinnedDigest) return undefined;
  const { tag: _tag, pinnedDigest, ...rest } = ref;
  return { ...rest, digest: pinnedDigest };
}

/** The repository's rules explain a pinned digest that is gone, or an image that is archived. */
function needsLifecycle(tagged: EcrImageState, pinned: Checked<EcrImageState> | undefined): boolean {
  const pulled = pinned?.ok ? pinned.value : tagged;
  if (pulled.kind === 'found') return isArchived(pulled);
  return pinned !== undefined && pulled.kind === 'image-missing';
}

const isArchived = (s: EcrImageState): boolean =>
  s.kind === 'found' && (s.status === 'ARCHIVED' || s.status === 'ACTIVATING');
