// The glob matcher lives in src/detect (the engine compiles path-scoped rules with it).
export { globMatcher } from '../detect/globs.js';
