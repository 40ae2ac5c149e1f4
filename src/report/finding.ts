// The Finding model lives in src/model (issue 17, point 4); this re-export keeps the files other
// branches are rewriting compiling until they import src/model/finding.ts themselves.
export * from '../model/finding.js';
