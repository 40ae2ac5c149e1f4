import { userInfo } from 'node:os';
import { gitText } from './run.js';

/** Who ran keyward, for the audit log: KEYWARD_ACTOR, else git's user, else the OS account. */
export function actor(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYWARD_ACTOR) return env.KEYWARD_ACTOR;
  try {
    const name = gitText(['config', 'user.name'], { cwd, okCodes: [1] });
    const email = gitText(['config', 'user.email'], { cwd, okCodes: [1] });
    if (name || email) return email ? `${name || email} <${email}>` : name;
  } catch {
    // fall through
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
