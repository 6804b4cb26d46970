import { describe, expect, it } from 'vitest';
import { followStored, type Draft } from '../../renderer/src/lib/useDraft';

// A form field over a stored value that reloads on `changed` events (its own save's echo, other writers).
describe('followStored', () => {
  const clean: Draft<string> = { base: '36', draft: '36' };

  it('follows the store while the user has not typed', () => {
    expect(followStored(clean, '40')).toEqual({ base: '40', draft: '40' });
  });

  it('keeps what the user typed when the store changes under it', () => {
    expect(followStored({ base: '36', draft: '-3' }, '40')).toEqual({ base: '40', draft: '-3' });
  });

  it("is unchanged (the same object) by a reload that brings the same value, as a save's echo does", () => {
    const typing = { base: '36', draft: '-3' };
    expect(followStored(typing, '36')).toBe(typing);
    expect(followStored(clean, '36')).toBe(clean);
  });

  it('is clean again once the store holds what was typed (the save landed)', () => {
    const saved = followStored({ base: '36', draft: '40' }, '40');
    expect(saved.draft).toBe(saved.base);
    // ...so it follows the next change from elsewhere.
    expect(followStored(saved, '41')).toEqual({ base: '41', draft: '41' });
  });

  it('compares with the given equality', () => {
    const sameTags = (a: string[], b: string[]) => a.join() === b.join();
    const field = { base: ['a'], draft: ['a'] };
    expect(followStored(field, ['a'], sameTags)).toBe(field);
    expect(followStored(field, ['a', 'b'], sameTags)).toEqual({ base: ['a', 'b'], draft: ['a', 'b'] });
  });
});
