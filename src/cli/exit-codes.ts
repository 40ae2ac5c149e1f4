// The exit codes live with the model (src/model/exit-codes.ts): hooks and history use them too.
export { EXIT } from '../model/exit-codes.js';
