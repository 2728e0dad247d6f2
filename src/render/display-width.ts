// How many terminal columns text takes (a 汉字 two, colour codes none): string-width's answer, computed faster.
import stringWidth from 'string-width';

/** Colour codes take no room: ESC [ … m, as chalk writes them. */
export const COLOUR_CODE = /\u001b\[((?:\d*;){0,5}\d*)m/g;

/**
 * Columns a line takes on screen: string-width's answer, computed faster. string-width splits text into
 * grapheme clusters (Intl.Segmenter, ~10 µs a cell); where no character can join its neighbour into a
 * cluster, every character is its own cluster, so the width is the sum of each character's width
 * (string-width's, remembered per character). Other text goes to string-width whole.
 */
export function displayWidth(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(COLOUR_CODE, '') : text;
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  if (JOINS.test(plain)) return stringWidth(plain);
  let width = 0;
  for (let i = 0; i < plain.length; i++) {
    const code = plain.charCodeAt(i);
    let w = charWidths[code];
    if (w === undefined) w = charWidths[code] = stringWidth(plain[i] as string);
    width += w;
  }
  return width;
}

/**
 * Characters that can join a cluster (combining marks, spacing and prepended marks, joiners, Hangul
 * jamo, surrogate halves of astral characters such as emoji, the CR of a CR LF) or start an escape
 * sequence string-width strips.
 */
const JOINS = /[\r\p{Grapheme_Extend}\p{Mc}\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u200d\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\ud800-\udfff\u{10000}-\u{10ffff}\u001b\u009b]/u;
const charWidths: number[] = [];

const segmenter = new Intl.Segmenter();

/**
 * The grapheme clusters of text, as the user sees its characters. Where no character can join its
 * neighbour (JOINS), each is its own cluster and the string's own iteration gives them; only other
 * text pays for Intl.Segmenter (about 10 µs a cell: most of laying out `due`'s table at 300 rows).
 */
export function clusters(text: string): Iterable<string> {
  if (!JOINS.test(text)) return text;
  return Array.from(segmenter.segment(text), (s) => s.segment);
}
