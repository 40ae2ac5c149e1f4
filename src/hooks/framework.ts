/**
 * The pre-commit framework's stage, when it runs keyward: "push" when it runs pre-push hooks (it
 * sets the pushed range or the remote), "other" at any other stage, undefined outside it.
 * Hooks of the shipped manifest carry no `stages` (see .pre-commit-hooks.yaml), so each must do
 * nothing at the other one's stage.
 */
export function preCommitFrameworkStage(env: NodeJS.ProcessEnv): 'push' | 'other' | undefined {
  if (env.PRE_COMMIT !== '1') return undefined;
  return env.PRE_COMMIT_TO_REF || env.PRE_COMMIT_REMOTE_NAME ? 'push' : 'other';
}
