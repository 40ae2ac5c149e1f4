import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Generous: a test is a defect if it fails under load, and these spawn git and the CLI many
    // times; on a machine busy with other jobs the slowest ran 154 s. A hang still ends the run.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Tests spawn git and the CLI; two cores are shared by both.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
