import { afterEach, beforeEach } from 'vitest';

// Tests create real git repositories: give them an identity and isolate them from the
// machine's git configuration so results do not depend on who runs them.
process.env.GIT_AUTHOR_NAME ??= 'Test Author';
process.env.GIT_AUTHOR_EMAIL ??= 'author@keyward.test';
process.env.GIT_COMMITTER_NAME ??= 'Test Committer';
process.env.GIT_COMMITTER_EMAIL ??= 'committer@keyward.test';
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.NO_COLOR = '1';
// Nor from the user's keyward config (it may choose a ticket tracker): tests write their own.
process.env.XDG_CONFIG_HOME = '/nonexistent/keyward-test-config';

// Most tests spawn git and keyward synchronously, and a run of synchronous tests never returns to
// the event loop: vitest's runner goes from one to the next in microtasks. The worker's reply to
// "onTaskUpdate" then waits unread while its 60 s timer runs, and a busy machine ends the run with
// "Timeout calling onTaskUpdate" although every test passed. Turning the event loop around each
// test bounds that stretch to one test (with its hooks).
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
beforeEach(turn);
afterEach(turn);
