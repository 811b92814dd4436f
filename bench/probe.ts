/**
 * Run in a fresh process (bundled by the bench): loads the handler's code as the Lambda
 * does (the SDK, the clients), then runs one invocation or a storm on the simulated
 * account, and prints the peak resident memory.
 */
import '../handlers/stopped-task.js';
import { singleInvocation, storm } from './storm.js';

// A bundle does not know where the scenarios are: the bench says (argv[3]).
const [, , mode, scenarios] = process.argv;
if (mode === 'storm') await storm(10_000, scenarios);
else if (mode === 'warm') await storm(10_000, scenarios, 1);
else if (mode === 'single') await singleInvocation(scenarios);
console.log(JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
