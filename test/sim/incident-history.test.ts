import { InMemoryIncidentHistory } from '../../src/sim/incident-history.js';
import { describeHistoryContract } from '../support/history-contract.js';

/** The incident history in memory (the simulated Lambda's), held to the history's contract. */
describeHistoryContract('the in-memory incident history', async () => new InMemoryIncidentHistory());
