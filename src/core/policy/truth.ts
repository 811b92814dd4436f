/**
 * Three-valued truth for policy evaluation: a statement, a condition or a match is true, false,
 * or not known because it hangs on something ecs-pullfix cannot see (a condition key such as
 * `aws:PrincipalOrgID`, the instance role, a secret's full ARN). The unknown carries what it
 * hangs on, so that the check can say so instead of claiming a denial it cannot show.
 */
export type Truth = boolean | Unknown;

/** Not known: it depends on these (condition keys as the policy writes them, or a phrase). */
export type Unknown = Readonly<{ dependsOn: readonly string[] }>;

export const unknown = (...dependsOn: string[]): Unknown => ({ dependsOn });

export const isUnknown = (t: Truth): t is Unknown => typeof t !== 'boolean';

/** True when every one is true, false when any is false, else unknown (on all the unknowns). */
export function allOf(truths: Iterable<Truth>): Truth {
  const on: string[] = [];
  for (const t of truths) {
    if (t === false) return false;
    if (t !== true) on.push(...t.dependsOn);
  }
  return on.length === 0 ? true : { dependsOn: [...new Set(on)] };
}

/** True when any one is true, false when every one is false, else unknown. */
export function anyOf(truths: Iterable<Truth>): Truth {
  const on: string[] = [];
  let sawUnknown = false;
  for (const t of truths) {
    if (t === true) return true;
    if (t !== false) {
      sawUnknown = true;
      on.push(...t.dependsOn);
    }
  }
  return sawUnknown ? { dependsOn: [...new Set(on)] } : false;
}

/** The negation (unknown stays unknown). */
export const not = (t: Truth): Truth => (typeof t === 'boolean' ? !t : t);
