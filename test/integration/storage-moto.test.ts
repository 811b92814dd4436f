import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { MOTO_SIZES_IMAGES_ITSELF, unsupportedInMoto } from '../support/moto.js';

/**
 * The ephemeral-storage and pull-time scenarios hang on the image's size, which moto derives
 * from the manifest it is given: they run on the simulated account only, and say why.
 */
describe('ephemeral storage on moto', () => {
  it.each([
    'ephemeral-storage-too-small-for-image',
    'ephemeral-storage-enough-for-image',
    'image-pull-too-slow-for-start-timeout',
    'image-pull-fits-start-timeout',
    'image-pull-from-another-region-too-slow',
  ])('%s: is not built in moto, which cannot hold the image size the scenario sets', (name) => {
    expect(unsupportedInMoto(loadScenario(name))).toBe(MOTO_SIZES_IMAGES_ITSELF);
  });
});
