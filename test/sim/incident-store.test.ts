import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { describeStoreContract } from '../support/store-contract.js';

/** The incident store in memory (the CLI's, the demo's, the simulated Lambda's), held to the store's contract. */
describeStoreContract('the in-memory incident store', async () => new InMemoryIncidentStore());
