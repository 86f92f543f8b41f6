import fc from 'fast-check';

/**
 * Every property test runs from a fixed seed unless it names its own: the suite is deterministic,
 * as every random draw of the project is, and a failure reproduces on any machine. To explore new
 * cases, change the seed here (or run with FAST_CHECK_SEED=<n>) and keep any counterexample found
 * as a regression test.
 */
fc.configureGlobal({ seed: Number(process.env.FAST_CHECK_SEED ?? 20_261_121) });
