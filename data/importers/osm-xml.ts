/**
 * Reader of OSM XML (.osm, API 0.6 format: wiki "OSM XML"): nodes with lat/lon, ways with <nd ref> lists,
 * relations with <member>, and their <tag k v> children. A small single-pass scanner over the text (no XML
 * library): it reads only the elements and attributes of that format, decodes the five predefined entities
 * and numeric character references, and stops at the first malformed element, returning what it read before
 * with the error position (so a truncated download still yields its complete part).
 *
 * Node coordinates are stored in typed arrays; only tagged nodes get a tag object.
 */
import { F64Buffer } from '../geometry.ts';
import type { OsmTags } from './osm-tags.ts';

export interface OsmWay {
  id: number;
  nodeRefs: number[];
  tags: OsmTags;
}

export interface OsmMember {
  type: string;
  ref: number;
  role: string;
}

export interface OsmRelation {
  id: number;
  members: OsmMember[];
  tags: OsmTags;
}

export interface OsmXmlData {
  /** Node id → index into `nodeLonLat`. */
  nodeIndex: Map<number, number>;
  /** Interleaved lon, lat of nodes (NaN when the attribute was missing or not a number). */
  nodeLonLat: Float64Array;
  nodeId: number[];
  /** Nodes with tags: index into the node arrays and their tags. */
  taggedNodes: Array<{ node: number; tags: OsmTags }>;
  ways: OsmWay[];
  relations: OsmRelation[];
  /** The first malformed element, when the text could not be read to its end. */
  error?: { message: string; position: number; line: number; column: number };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e],
  );
}

class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const isNameChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 58 || c === 95 || c === 45 || c === 46;
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Parses OSM XML text. Never throws on malformed input: see `error`. */
export function parseOsmXml(text: string): OsmXmlData {
  const nodeIndex = new Map<number, number>();
  const lonLat = new F64Buffer();
  const nodeId: number[] = [];
  const taggedNodes: OsmXmlData['taggedNodes'] = [];
  const ways: OsmWay[] = [];
  const relations: OsmRelation[] = [];
  const attrs: Record<string, string> = {};
  // The open element whose children (<tag>, <nd>, <member>) are being read.
  let openKind = null as 'node' | 'way' | 'relation' | null;
  let openNode = -1;
  let openTags = null as OsmTags | null;
  let openWay = null as OsmWay | null;
  let openRel = null as OsmRelation | null;
  let error: OsmXmlData['error'];
  const n = text.length;
  let i = 0;
  try {
    while ((i = text.indexOf('<', i)) >= 0) {
      const c1 = text.charCodeAt(i + 1);
      if (c1 === 63 /* ? */) {
        const e = text.indexOf('?>', i);
        if (e < 0) throw new XmlSyntaxError('unterminated processing instruction', i);
        i = e + 2;
        continue;
      }
      if (c1 === 33 /* ! */) {
        const isComment = text.startsWith('<!--', i);
        const e = isComment ? text.indexOf('-->', i) : text.indexOf('>', i);
        if (e < 0) throw new XmlSyntaxError(isComment ? 'unterminated comment' : 'unterminated declaration', i);
        i = e + (isComment ? 3 : 1);
        continue;
      }
      if (c1 === 47 /* / */) {
        const e = text.indexOf('>', i);
        if (e < 0) throw new XmlSyntaxError('unterminated closing tag', i);
        const name = text.slice(i + 2, e).trim();
        if (name === openKind) finishOpen();
        i = e + 1;
        continue;
      }
      let j = i + 1;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      const name = text.slice(i + 1, j);
      if (!name) throw new XmlSyntaxError('element without a name', i);
      for (const k in attrs) delete attrs[k];
      // Attributes.
      let selfClosing = false;
      for (;;) {
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        if (j >= n) throw new XmlSyntaxError(`unterminated <${name}> element`, i);
        const c = text.charCodeAt(j);
        if (c === 62 /* > */) {
          j++;
          break;
        }
        if (c === 47 /* / */ && text.charCodeAt(j + 1) === 62) {
          selfClosing = true;
          j += 2;
          break;
        }
        const a0 = j;
        while (j < n && isNameChar(text.charCodeAt(j))) j++;
        if (j === a0) throw new XmlSyntaxError(`unexpected character "${text[j]}" in <${name}>`, j);
        const an = text.slice(a0, j);
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) !== 61 /* = */) throw new XmlSyntaxError(`attribute ${an} of <${name}> without a value`, j);
        j++;
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        const q = text[j];
        if (q !== '"' && q !== "'") throw new XmlSyntaxError(`unquoted value of attribute ${an} in <${name}>`, j);
        const e = text.indexOf(q, j + 1);
        if (e < 0) throw new XmlSyntaxError(`unterminated value of attribute ${an} in <${name}>`, j);
        attrs[an] = decode(text.slice(j + 1, e));
        j = e + 1;
      }
      element(name, selfClosing);
      i = j;
    }
    if (openKind) throw new XmlSyntaxError(`<${openKind}> not closed at the end of the file`, n);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    let line = 1;
    let last = -1;
    for (let p = text.indexOf('\n'); p >= 0 && p < e.position; p = text.indexOf('\n', p + 1)) {
      line++;
      last = p;
    }
    error = { message: e.message, position: e.position, line, column: e.position - last };
    openKind = null; // an element cut by the error is not kept
  }
  return { nodeIndex, nodeLonLat: lonLat.toArray(), nodeId, taggedNodes, ways, relations, error };

  function element(name: string, selfClosing: boolean): void {
    switch (name) {
      case 'node': {
        const id = Number(attrs.id);
        const idx = nodeId.length;
        nodeId.push(id);
        nodeIndex.set(id, idx);
        lonLat.push2(attrs.lon === undefined ? NaN : Number(attrs.lon), attrs.lat === undefined ? NaN : Number(attrs.lat));
        if (!selfClosing) {
          openKind = 'node';
          openNode = idx;
          openTags = null;
        }
        return;
      }
      case 'way':
        openWay = { id: Number(attrs.id), nodeRefs: [], tags: {} };
        openKind = 'way';
        if (selfClosing) finishOpen();
        return;
      case 'relation':
        openRel = { id: Number(attrs.id), members: [], tags: {} };
        openKind = 'relation';
        if (selfClosing) finishOpen();
        return;
      case 'tag':
        if (attrs.k === undefined || attrs.v === undefined) return;
        if (openKind === 'node') (openTags ??= {})[attrs.k] = attrs.v;
        else if (openKind === 'way') openWay!.tags[attrs.k] = attrs.v;
        else if (openKind === 'relation') openRel!.tags[attrs.k] = attrs.v;
        return;
      case 'nd':
        if (openKind === 'way') openWay!.nodeRefs.push(Number(attrs.ref));
        return;
      case 'member':
        if (openKind === 'relation') openRel!.members.push({ type: attrs.type ?? '', ref: Number(attrs.ref), role: attrs.role ?? '' });
        return;
      default:
    }
  }

  function finishOpen(): void {
    if (openKind === 'node' && openTags) taggedNodes.push({ node: openNode, tags: openTags });
    else if (openKind === 'way' && openWay) ways.push(openWay);
    else if (openKind === 'relation' && openRel) relations.push(openRel);
    openKind = null;
    openTags = null;
    openWay = null;
    openRel = null;
  }
}

/**
 * Joins the member ways of a multipolygon into closed rings (wiki "Relation:multipolygon/Algorithm": ways are
 * chained end to end, possibly reversed, until each ring closes). `ways` are node-id lists; returns the closed
 * rings (node-id lists, first = last) and the number of ways left in rings that could not be closed.
 */
export function assembleRings(ways: number[][]): { rings: number[][]; unclosedWays: number } {
  const rings: number[][] = [];
  const pending = ways.filter((w) => w.length >= 2).map((w) => w.slice());
  let unclosedWays = 0;
  while (pending.length) {
    let ring = pending.shift()!;
    let parts = 1;
    while (ring[0] !== ring[ring.length - 1]) {
      const end = ring[ring.length - 1];
      const k = pending.findIndex((w) => w[0] === end || w[w.length - 1] === end);
      if (k < 0) break;
      const w = pending.splice(k, 1)[0];
      if (w[0] !== end) w.reverse();
      ring = ring.concat(w.slice(1));
      parts++;
    }
    if (ring[0] === ring[ring.length - 1] && ring.length >= 4) rings.push(ring);
    else unclosedWays += parts;
  }
  return { rings, unclosedWays };
}
