/**
 * One turn of the event loop. A test worker busy for a minute without one (CPU-heavy steps or
 * synchronous child processes back to back on a busy machine) misses vitest's RPC replies, and
 * the run fails with "Timeout calling onTaskUpdate" although every test passed: long tests yield
 * between heavy steps.
 */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
