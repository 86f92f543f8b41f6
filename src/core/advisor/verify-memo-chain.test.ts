import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { memoCanonicalText, type PolicyMemo, type PolicyMemoContent, sealMemo } from './policy-memo.ts';
import { MemoChainBreak, verifyMemoChain } from './verify-memo-chain.ts';

/**
 * A stand-in for SHA-256 (the core imports no crypto): FNV-1a over the text, run twice with
 * different seeds for 64 bits of hex. Any change of the text changes it with overwhelming odds.
 */
function testHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

function content(i: number): PolicyMemoContent {
  return {
    id: `memo-${i}`,
    kind: 'advice',
    time: 1_795_305_600_000 + i * 60_000,
    mode: 'PAPER',
    advisor: 'rule_based',
    provider: null,
    model: null,
    inputsDigest: `digest-${i}`,
    prompt: `tables ${i}`,
    rawOutput: '{"changes":[]}',
    error: null,
    changes: [{ kind: 'pause_strategy', strategy_id: 'ema', rationale: `drawdown ${20 + i}%`, confidence: 'high' }],
    decisions: [
      {
        index: 0,
        kind: 'pause_strategy',
        status: 'applied',
        reason: null,
        pendingId: null,
        command: { type: 'PauseStrategy', strategyId: 'ema' as never, by: 'rule_based' },
      },
    ],
    approvedBy: null,
    outcome: 'applied 1, pending 0, rejected 0',
  };
}

function chain(length: number): PolicyMemo[] {
  const memos: PolicyMemo[] = [];
  for (let i = 0; i < length; i++) memos.push(sealMemo(content(i), memos.at(-1), testHash));
  return memos;
}

/** A memo changed after sealing, as someone editing the JSONL file would (the hash kept). */
const edited = (memo: PolicyMemo, edit: (copy: Record<string, unknown>) => void): PolicyMemo => {
  const copy = JSON.parse(JSON.stringify(memo)) as Record<string, unknown>;
  edit(copy);
  return copy as unknown as PolicyMemo;
};

describe('canonicalJson', () => {
  it('is independent of key order at every depth and refuses what JSON cannot carry', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow('NaN has no JSON form');
    expect(() => canonicalJson({ x: Number.POSITIVE_INFINITY })).toThrow('Infinity has no JSON form');
  });
});

describe('sealMemo and verifyMemoChain', () => {
  it('numbers and links memos from the genesis hash, and a sealed chain verifies, also after a JSON round trip', () => {
    const memos = chain(5);
    expect(memos.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(memos[1]?.previousHash).toBe(memos[0]?.hash);
    expect(verifyMemoChain(memos, testHash)).toEqual({ ok: true, count: 5, headHash: memos[4]?.hash });
    const reread = memos.map((m) => JSON.parse(JSON.stringify(m)) as PolicyMemo);
    expect(verifyMemoChain(reread, testHash).ok, 'the JSONL file verifies as written').toBe(true);
    expect(verifyMemoChain([], testHash)).toEqual({ ok: true, count: 0, headHash: '0'.repeat(64) });
  });

  it('hashes every field: an edit of any one, however deep, changes the canonical text', () => {
    const memo = chain(1)[0] as PolicyMemo;
    const paths: [string, (c: Record<string, unknown>) => void][] = [
      ['id', (c) => (c['id'] = 'other')],
      ['time', (c) => (c['time'] = (c['time'] as number) + 1)],
      ['mode', (c) => (c['mode'] = 'LIVE')],
      ['model', (c) => (c['model'] = 'llama')],
      ['prompt', (c) => (c['prompt'] = 'tables 0 ')],
      ['rawOutput', (c) => (c['rawOutput'] = '{"changes": []}')],
      ['a change rationale', (c) => ((c['changes'] as { rationale: string }[])[0]!.rationale = 'drawdown 2%')],
      ['a decision status', (c) => ((c['decisions'] as { status: string }[])[0]!.status = 'rejected')],
      ['approvedBy', (c) => (c['approvedBy'] = 'mallory')],
      ['outcome', (c) => (c['outcome'] = 'applied 0')],
      ['previousHash', (c) => (c['previousHash'] = 'f'.repeat(64))],
      ['sequence', (c) => (c['sequence'] = 7)],
      ['a new field', (c) => (c['note'] = 'hi')],
      ['a removed field', (c) => delete c['error']],
    ];
    for (const [what, edit] of paths)
      expect(memoCanonicalText(edited(memo, edit)), `${what} is hashed`).not.toBe(memoCanonicalText(memo));
  });

  it('finds an edited memo at its own index', () => {
    for (const at of [0, 2, 4]) {
      const memos = chain(5);
      memos[at] = edited(memos[at] as PolicyMemo, (c) => (c['approvedBy'] = 'mallory'));
      expect(verifyMemoChain(memos, testHash), `edit at ${at}`).toMatchObject({
        ok: false,
        index: at,
        reason: MemoChainBreak.Edited,
      });
    }
  });

  it('finds a removed memo where the numbering breaks, and a removed tail against the head kept elsewhere', () => {
    const memos = chain(5);
    const head = { sequence: 5, hash: memos[4]?.hash as string };
    expect(verifyMemoChain([...memos.slice(0, 2), ...memos.slice(3)], testHash)).toMatchObject({
      ok: false,
      index: 2,
      reason: MemoChainBreak.OutOfSequence,
    });
    expect(verifyMemoChain(memos.slice(1), testHash), 'the first removed').toMatchObject({
      index: 0,
      reason: 'out_of_sequence',
    });
    expect(verifyMemoChain(memos.slice(0, 4), testHash).ok, 'a shorter chain is a chain').toBe(true);
    expect(verifyMemoChain(memos.slice(0, 4), testHash, { expectedHead: head })).toMatchObject({
      ok: false,
      index: 4,
      reason: MemoChainBreak.Truncated,
    });
    expect(verifyMemoChain(memos, testHash, { expectedHead: head }).ok).toBe(true);
  });

  it('finds reordered memos at the first one out of place', () => {
    const memos = chain(5);
    const swapped = [memos[0], memos[3], memos[2], memos[1], memos[4]] as PolicyMemo[];
    expect(verifyMemoChain(swapped, testHash)).toMatchObject({ ok: false, index: 1, reason: 'out_of_sequence' });
  });

  it('finds an inserted memo: a copy at its index, a forged one that is sealed in place at the next link', () => {
    const memos = chain(5);
    const duplicated = [...memos.slice(0, 3), memos[2], ...memos.slice(3)] as PolicyMemo[];
    expect(verifyMemoChain(duplicated, testHash)).toMatchObject({ ok: false, index: 3, reason: 'out_of_sequence' });
    // A forger who knows the hash seals a memo after memo 2: it fits, but memo 3 no longer does.
    const forged = sealMemo({ ...content(9), approvedBy: 'mallory' }, memos[2], testHash);
    const inserted = [...memos.slice(0, 3), forged, ...memos.slice(3)];
    expect(verifyMemoChain(inserted, testHash)).toMatchObject({ ok: false, index: 4, reason: 'out_of_sequence' });
    // A forged replacement renumbered and relinked in place breaks at the next memo's link.
    const replaced = [...memos.slice(0, 2), sealMemo(content(7), memos[1], testHash), ...memos.slice(3)];
    expect(verifyMemoChain(replaced, testHash)).toMatchObject({
      ok: false,
      index: 3,
      reason: MemoChainBreak.BrokenLink,
    });
  });

  it('verifies a later part of the chain from the memo before it, and reports a memo that cannot be hashed', () => {
    const memos = chain(5);
    const after = { sequence: 2, hash: memos[1]?.hash as string };
    expect(verifyMemoChain(memos.slice(2), testHash, { after })).toMatchObject({ ok: true, count: 3 });
    expect(verifyMemoChain(memos.slice(3), testHash, { after })).toMatchObject({ ok: false, index: 0 });
    const unhashable = [...memos.slice(0, 1), { ...memos[1], time: Number.NaN } as PolicyMemo];
    expect(verifyMemoChain(unhashable, testHash)).toMatchObject({ ok: false, index: 1, reason: 'unreadable' });
  });
});
