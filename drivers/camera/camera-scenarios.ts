/**
 * What an emulated camera can play: the face camera's scenes and the document camera's pages.
 * A module of its own, with no imports, so that the demo panel's contract (which the page
 * type-checks) builds its schema from the same list the emulator plays.
 */
export const CAMERA_SCENARIOS = [
  'real-face',
  'no-face',
  'printed-photo',
  'screen-replay',
  'two-faces',
  'unplug',
  'missing',
  'doc-pages',
  'doc-blank',
  'doc-dark',
] as const;
export type CameraScenario = (typeof CAMERA_SCENARIOS)[number];
