import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMapping, LayeredConfig, type Mapping } from './layered-config.ts';

describe('LayeredConfig', () => {
  it('merges mappings key by key, later layers win, and remembers who set each leaf', () => {
    const layers = new LayeredConfig();
    layers.apply({ a: { x: 1, y: 2 }, b: 'base' }, 'base.yaml');
    layers.apply({ a: { y: 3, z: 4 } }, 'broker.paper.yaml');
    expect(layers.value()).toEqual({ a: { x: 1, y: 3, z: 4 }, b: 'base' });
    expect(Object.fromEntries(layers.sources())).toEqual({
      'a.x': 'base.yaml',
      'a.y': 'broker.paper.yaml',
      'a.z': 'broker.paper.yaml',
      b: 'base.yaml',
    });
  });

  it('lists replace, they do not concatenate; the list is one leaf', () => {
    const layers = new LayeredConfig();
    layers.apply({ strategies: [{ name: 'a' }, { name: 'b' }] }, 'base.yaml');
    layers.apply({ strategies: [{ name: 'c' }] }, 'strategy.c.yaml');
    expect(layers.value().strategies).toEqual([{ name: 'c' }]);
    expect(layers.sourceOf('strategies')).toBe('strategy.c.yaml');
    expect(layers.sourceOf('strategies.0.name'), 'an element is attributed to the layer that set the list').toBe(
      'strategy.c.yaml',
    );
  });

  it('a scalar over a mapping drops the provenance of everything that was under it, and back', () => {
    const layers = new LayeredConfig();
    layers.apply({ data: { path: 'a.csv', format: 'csv' } }, 'base.yaml');
    layers.apply({ data: 'oops' }, 'strategy.x.yaml');
    expect([...layers.sources().keys()]).toEqual(['data']);
    layers.apply({ data: { catalog: 'default' } }, 'risk.yaml');
    expect(Object.fromEntries(layers.sources())).toEqual({ 'data.catalog': 'risk.yaml' });
  });

  it('null removes what earlier layers set; apply(at) places a file under a section; set() sets one leaf', () => {
    const layers = new LayeredConfig();
    layers.apply({ risk: { limits: { max_position: 0.1 } }, period: { from: '2022-01-01' } }, 'base.yaml');
    layers.apply({ period: null }, 'broker.live.yaml');
    layers.apply({ limits: { max_gross_exposure: 0.5 } }, 'risk.yaml', ['risk']);
    layers.set('store.database_url', 'postgres://x', 'env DATABASE_URL');
    expect(layers.value()).toEqual({
      risk: { limits: { max_position: 0.1, max_gross_exposure: 0.5 } },
      store: { database_url: 'postgres://x' },
    });
    expect(layers.sourceOf('risk.limits.max_gross_exposure')).toBe('risk.yaml');
    expect(layers.sourceOf('risk'), 'a section reports every layer under it').toBe('base.yaml, risk.yaml');
    expect(layers.sourceOf('period'), 'removed').toBeUndefined();
  });

  it('value() is a copy: changing it does not change the layers', () => {
    const layers = new LayeredConfig();
    layers.apply({ a: { b: [1] } }, 'base.yaml');
    (layers.value().a as Mapping).b = [2];
    expect(layers.value()).toEqual({ a: { b: [1] } });
  });

  it('property: each leaf holds the value and source of the last layer that defined its path', () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const leaf = fc.oneof(fc.integer(), fc.constantFrom('x', 'y'), fc.array(fc.integer(), { maxLength: 2 }));
    const { tree } = fc.letrec<{ tree: Mapping }>((tie) => ({
      tree: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('tree')), { minKeys: 1, maxKeys: 3 }),
    }));
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 5 }), (layerList) => {
        const layers = new LayeredConfig();
        for (const [i, layer] of layerList.entries()) layers.apply(layer, `layer${i}`);
        const at = (node: unknown, path: string[]): unknown =>
          path.reduce<unknown>((n, k) => (isMapping(n) && k in n ? n[k] : undefined), node);
        const walk = (node: unknown, path: string[]): void => {
          if (isMapping(node)) {
            for (const [k, child] of Object.entries(node)) walk(child, [...path, k]);
            return;
          }
          let last = layerList.length - 1;
          while (last >= 0 && at(layerList[last], path) === undefined) last--;
          expect(node).toEqual(at(layerList[last], path));
          expect(layers.sources().get(path.join('.'))).toBe(`layer${last}`);
        };
        walk(layers.value(), []);
        expect(layers.sources().size, 'no provenance for a leaf that is gone').toBe(countLeaves(layers.value()));
      }),
    );
  });
});

function countLeaves(node: unknown): number {
  return isMapping(node) ? Object.values(node).reduce<number>((n, child) => n + countLeaves(child), 0) : 1;
}
