import type { StoppedTask } from '../core/event.js';
import { type Checked, notChecked, type TaskDefinitionFacts } from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import { type EcrImageRef, type EcrImageState, ecrImageOf, type ImageCheck } from '../core/workload.js';

/** A degrading read (`inspect-workload.ts`'s `Read`): a failure makes the check "not checked". */
type Read = <T>(operation: string, what: string, read: () => Promise<T>) => Promise<Checked<T>>;

/**
 * Each distinct ECR image of the task's containers, with the digest ECS pinned it to (the
 * event's `imageDigest`); an image in another region's registry is not read.
 */
export function inspectImages(
  task: StoppedTask,
  td: TaskDefinitionFacts,
  ports: ReadPorts,
  read: Read,
): Promise<ImageCheck[]> {
  const pinnedOf = (container: string) => task.containers.find((c) => c.name === container)?.imageDigest;
  return Promise.all(
    td.containers
      .flatMap((c) => {
        const ref = ecrImageOf(c.image, c.name);
        const pinned = pinnedOf(c.name);
        // An image named by digest is its own pin; a tag's pin is what the deployment resolved.
        return !ref ? [] : pinned && ref.tag && !ref.digest ? [{ ...ref, pinnedDigest: pinned }] : [ref];
      })
      .filter((ref, i, all) => all.findIndex((r) => r.image === ref.image) === i)
      .map((ref) =>
        ref.region === task.region
          ? inspectImage(ref, ports, read)
          : Promise.resolve<ImageCheck>({
              ref,
              state: notChecked(
                `${ref.image} is in ECR in ${ref.region}: only ${task.region}'s registry is read`,
              ),
            }),
      ),
  );
}

/**
 * Round 2: the tag, and beside it the digest the deployment pinned. Round 3: what the answers
 * lead to — a missing tag's neighbours, a found image's platforms, and the lifecycle policy
 * when the pinned digest is gone or the image pulled is archived.
 */
async function inspectImage(ref: EcrImageRef, ports: ReadPorts, read: Read): Promise<ImageCheck> {
  const pinnedRef = pinnedRefOf(ref);
  const [state, pinned] = await Promise.all([
    read('ecr:DescribeImages', `image ${ref.image}`, () => ports.ecr.describeImage(ref)),
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
