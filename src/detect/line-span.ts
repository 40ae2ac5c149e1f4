/**
 * How many line breaks one match of an RE2 pattern can contain, at most (Infinity when
 * unbounded). The Detector runs a rule only on the lines around the blocks that hold its
 * keywords (candidateWindows): a match with at most k line breaks that contains a keyword lies
 * within k lines of it. Rules whose matches are unbounded across lines (PEM blocks) run on the
 * whole buffer instead.
 *
 * An upper bound from the pattern's syntax: it counts the atoms that can consume "\n" and their
 * quantifiers, and never undercounts (an unknown construct counts as unbounded).
 */
export function maxLineBreaks(source: string): number {
  try {
    const p = new SpanParser(source);
    const n = p.alternation();
    return p.done() ? n : Infinity;
  } catch {
    return Infinity;
  }
}

class SpanParser {
  private i = 0;
  private dotAll = false;

  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length;
  }

  alternation(): number {
    let best = this.sequence();
    while (this.s[this.i] === '|') {
      this.i++;
      best = Math.max(best, this.sequence());
    }
    return best;
  }

  private sequence(): number {
    let total = 0;
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      total += atom * this.quantifier(atom);
    }
    return total;
  }

  /** Max "\n" one repetition of the next atom can consume. */
  private atom(): number {
    const c = this.s[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape(false) ? 1 : 0;
    this.i++;
    if (c === '.') return this.dotAll ? 1 : 0;
    if (c === '^' || c === '$') return 0;
    if (c === '\n') return 1;
    return 0;
  }

  private group(): number {
    this.i++; // (
    const saved = this.dotAll;
    if (this.s[this.i] === '?') {
      this.i++;
      if (this.s[this.i] === 'P' || this.s[this.i] === '<') {
        // named group (?P<name>...) / (?<name>...)
        const close = this.s.indexOf('>', this.i);
        if (close === -1) throw new Error('bad group');
        this.i = close + 1;
      } else {
        // flags: (?i) (?s) (?-s) (?is:...)
        let on = true;
        let flags = '';
        while (this.i < this.s.length && /[a-zA-Z-]/.test(this.s[this.i]!)) {
          const f = this.s[this.i++]!;
          if (f === '-') on = false;
          else if (f === 's') flags += on ? '+' : '-';
        }
        const dot = flags.endsWith('+') ? true : flags.endsWith('-') ? false : this.dotAll;
        if (this.s[this.i] === ')') {
          // (?s) applies to the rest of the enclosing group
          this.i++;
          this.dotAll = dot;
          return 0;
        }
        if (this.s[this.i] !== ':') throw new Error('bad group');
        this.i++;
        this.dotAll = dot;
      }
    }
    const n = this.alternation();
    if (this.s[this.i] !== ')') throw new Error('unclosed group');
    this.i++;
    this.dotAll = saved;
    return n;
  }

  /** True when the class can match "\n". */
  private charClass(): number {
    this.i++; // [
    let negated = false;
    if (this.s[this.i] === '^') {
      negated = true;
      this.i++;
    }
    let hasNewline = false;
    let first = true;
    while (this.i < this.s.length && (this.s[this.i] !== ']' || first)) {
      first = false;
      const c = this.s[this.i]!;
      let lo: number;
      if (c === '\\') {
        const esc = this.s[this.i + 1];
        if (esc === 's' || esc === 'n') hasNewline = true;
        if (esc === 'W' || esc === 'D') hasNewline = true; // non-word, non-digit: "\n" is both
        lo = esc === 'n' ? 10 : -1;
        this.escape(true);
      } else if (c === '[' && this.s[this.i + 1] === ':') {
        const close = this.s.indexOf(':]', this.i + 2);
        if (close === -1) throw new Error('bad class');
        const name = this.s.slice(this.i + 2, close);
        if (/^\^|^(space|cntrl|ascii)$/.test(name)) hasNewline = true;
        this.i = close + 2;
        lo = -1;
      } else {
        lo = c.charCodeAt(0);
        if (lo === 10) hasNewline = true;
        this.i++;
      }
      // a range a-b covers "\n" when a <= 10 <= b
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && lo >= 0) {
        this.i++;
        const hiChar = this.s[this.i]!;
        let hi: number;
        if (hiChar === '\\') {
          hi = this.escapeCode();
        } else {
          hi = hiChar.charCodeAt(0);
          this.i++;
        }
        if (lo <= 10 && 10 <= hi) hasNewline = true;
      } else if (this.s[this.i] === '-' && lo < 0 && this.s[this.i + 1] !== ']') {
        throw new Error('range from a class escape');
      }
    }
    if (this.s[this.i] !== ']') throw new Error('unclosed class');
    this.i++;
    return negated !== hasNewline ? 1 : 0;
  }

  /** Consumes an escape; true when it can match "\n" (outside a class). */
  private escape(inClass: boolean): boolean {
    const e = this.s[this.i + 1];
    if (e === undefined) throw new Error('trailing backslash');
    if (e === 'x' || e === 'p' || e === 'P') {
      const code = this.escapeCode();
      return code === 10 || code === -2;
    }
    this.i += 2;
    if (e === 'n' || e === 's') return true;
    if (e === 'W' || e === 'D') return !inClass; // "\n" is a non-word, non-digit
    if (e === 'C') return true;
    if (/[0-7]/.test(e)) throw new Error('octal escape');
    return false;
  }

  /** Code of an escape such as \x0a or \x{0a}; -2 for \p{..} (may match anything); consumes it. */
  private escapeCode(): number {
    const e = this.s[this.i + 1];
    if (e === 'x') {
      if (this.s[this.i + 2] === '{') {
        const close = this.s.indexOf('}', this.i);
        const code = parseInt(this.s.slice(this.i + 3, close), 16);
        this.i = close + 1;
        return code;
      }
      const code = parseInt(this.s.slice(this.i + 2, this.i + 4), 16);
      this.i += 4;
      return code;
    }
    if (e === 'p' || e === 'P') {
      if (this.s[this.i + 2] === '{') this.i = this.s.indexOf('}', this.i) + 1;
      else this.i += 3;
      return -2;
    }
    if (e === 'n') {
      this.i += 2;
      return 10;
    }
    const code = this.s.charCodeAt(this.i + 1);
    this.i += 2;
    return code;
  }

  /** Max repetitions of the quantifier that follows (1 when none); Infinity when unbounded. */
  private quantifier(atom: number): number {
    const c = this.s[this.i];
    let max = 1;
    if (c === '*' || c === '+') {
      this.i++;
      max = Infinity;
    } else if (c === '?') {
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return 1; // a literal "{"
      this.i += m[0].length;
      max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    } else return 1;
    if (this.s[this.i] === '?') this.i++; // lazy
    return atom === 0 ? 0 : max;
  }
}
