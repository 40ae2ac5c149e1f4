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
