/**
 * Layering rules (see docs/architecture.md): core <- strategies <- adapters <- runtime <- api, cli.
 * Test files may compose across layers (an engine test may run a built-in strategy).
 * The core is pure: no node:* modules, no I/O, no outer layer.
 */
const layer = (from, forbidden, comment) => ({
  name: `${from}-not-to-${forbidden.join('-')}`.replace(/[^a-z-]/g, ''),
  comment,
  severity: 'error',
  from: { path: `^src/${from}/`, pathNot: '\\.test\\.ts$' },
  to: { path: forbidden.map((f) => `^src/${f}/`) },
});

module.exports = {
  forbidden: [
    layer('core', ['strategies', 'adapters', 'runtime', 'api', 'cli'], 'core is the innermost layer'),
    layer('strategies', ['adapters', 'runtime', 'api', 'cli'], 'strategies see only the core'),
    layer('adapters', ['runtime', 'api', 'cli'], 'adapters implement core ports'),
    layer('runtime', ['api', 'cli'], 'runtime composes nodes; apps sit on top'),
    {
      name: 'core-no-node-builtins',
      comment: 'the core does no I/O and reads no wall clock: no node:* (or bare builtin) imports',
      severity: 'error',
      from: { path: '^src/(core|strategies)/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-no-npm-io',
      comment: 'the core depends on no npm package that does I/O',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
