import fs from 'node:fs';
import path from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// Two merges once left a rule unclosed in styles.css, silently nesting (and killing) every rule
// after it; hard-coded colours broke the light theme. Both are checked on every stylesheet.

const DIR = path.join(REPO_ROOT, 'renderer/src');
const SHEETS = fs.readdirSync(DIR).filter((f) => f.endsWith('.css'));

/** Surfaces behind images and on them keep fixed colours in both themes. */
const IMAGE_SURFACES = new Set(['.position-thumb img,\n.position-thumb-empty', '.label-stage', '.box-caption', '.box-handle', '.label-thumb']);
const COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/i;

describe('stylesheets', () => {
  it('finds the stylesheets', () => {
    expect(SHEETS).toEqual(expect.arrayContaining(['styles.css', 'theme.css']));
  });

  for (const sheet of SHEETS) {
    it(`${sheet} closes every rule: none sits inside another rule`, () => {
      const root = postcss.parse(fs.readFileSync(path.join(DIR, sheet), 'utf8'), { from: sheet });
      const nested: string[] = [];
      root.walkRules((rule) => {
        if (rule.parent?.type === 'rule') nested.push(`${(rule.parent as postcss.Rule).selector} { ${rule.selector} }`);
      });
      expect(nested).toEqual([]);
    });
  }

  it('takes colours from the theme variables, outside theme.css only on image surfaces', () => {
    const stray: string[] = [];
    for (const sheet of SHEETS.filter((s) => s !== 'theme.css')) {
      postcss.parse(fs.readFileSync(path.join(DIR, sheet), 'utf8'), { from: sheet }).walkDecls((d) => {
        const selector = (d.parent as postcss.Rule).selector ?? '';
        if (COLOUR.test(d.value) && !IMAGE_SURFACES.has(selector)) stray.push(`${sheet}: ${selector} { ${d.prop}: ${d.value} }`);
      });
    }
    expect(stray).toEqual([]);
  });
});
