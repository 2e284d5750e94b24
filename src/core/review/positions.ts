// Position helpers: byte to character offsets (libpg-query reports bytes) and skipping blanks and comments.

/** Maps UTF-8 byte offsets of `text` to UTF-16 character offsets; identity for ASCII text. */
export function byteToCharMapper(text: string): (byteOffset: number) => number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range starts at NUL on purpose
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => b;
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map.push(i);
    if (code >= 0x10000) i++;
  }
  map.push(text.length);
  return (b) => (b < 0 ? 0 : b >= map.length ? text.length : map[b]!);
}

/** The offset of the first character at or after `from` that is neither blank nor inside a comment. */
export function skipBlanksAndComments(text: string, from: number, hashComments = false): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === ';') i++;
    else if ((c === '-' && text[i + 1] === '-') || (hashComments && c === '#')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else break;
  }
  return i;
}

/** The end of `text` up to `end` with trailing blanks and semicolons removed. */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s;]/.test(text[e - 1]!)) e--;
  return e;
}
