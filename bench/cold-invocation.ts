/**
 * The first invocation of a cold probe (bench/cold-probe.ts): the handler's code on the
 * simulated account, with the adapters the Lambda loads lazily (`LAZY_ADAPTERS`) loaded as
 * there: each port imports its adapter's chunk on its first call, then answers from the account.
 */
import { type AsyncPort, lazyPort } from '../src/aws/lazy-port.js';
import { LAZY_ADAPTERS } from '../src/aws/ports.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';

/** A port that first imports `adapter`'s module, as the Lambda's lazy port does, then is `port`. */
const afterImport = <P extends AsyncPort<P>>(adapter: () => Promise<unknown>, port: P): P =>
  lazyPort(() => adapter().then(() => port));

/**
 * The account seen through the Lambda's lazy ports. A view whose prototype is the account:
 * `simulatedLambda` reads only its ports.
 */
function lazilyLoaded(account: SimulatedAccount): SimulatedAccount {
  return Object.assign(Object.create(account) as SimulatedAccount, {
    ecs: afterImport(LAZY_ADAPTERS.diagnosis, account.ecs),
    ec2: afterImport(LAZY_ADAPTERS.diagnosis, account.ec2),
    iam: afterImport(LAZY_ADAPTERS.iam, account.iam),
    ecr: afterImport(LAZY_ADAPTERS.ecr, account.ecr),
    secrets: afterImport(LAZY_ADAPTERS.secrets, account.secrets),
    efs: afterImport(LAZY_ADAPTERS.efs, account.efs),
    resolver: afterImport(LAZY_ADAPTERS.resolver, account.resolver),
    ec2Writer: afterImport(LAZY_ADAPTERS.ec2Writer, account.ec2Writer),
  });
}

/** One invocation on `scenario` (read from `dir`): what the handler answered. */
export async function firstInvocation(
  scenario: string,
  dir: string,
): Promise<Readonly<Record<string, unknown>>> {
  const account = new SimulatedAccount(loadScenario(scenario, dir));
  return simulatedLambda(lazilyLoaded(account)).invoke(account.event());
}
