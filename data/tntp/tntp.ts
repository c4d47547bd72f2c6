/**
 * Parsers and writer for the TNTP traffic-assignment benchmark format (Transportation Networks for Research,
 * Stabler, Bar-Gera & Sall; the `_net.tntp`, `_trips.tntp` and `_flow.tntp` files).
 *
 * - net: metadata lines `<NAME> value` up to `<END OF METADATA>`, then one link per line:
 *   init_node term_node capacity length free_flow_time b power speed toll link_type ;
 *   Link generalised cost = free_flow_time·(1 + b·(v/capacity)^power) + toll_factor·toll + distance_factor·length
 *   (TNTP convention; `<TOLL FACTOR>` / `<DISTANCE FACTOR>` metadata are the defaults, options override them).
 *   Nodes below `<FIRST THRU NODE>` are zones that cannot be passed through.
 * - trips: metadata, then `Origin N` blocks with `d : value;` pairs (several per line).
 * - flow: `From To Volume Cost` rows (a header line may precede them).
 * `~` starts a comment line, `;` ends a record. Parsers work on text (no I/O, see ./tntp-node.ts for files) and
 * throw {@link TntpError} naming the file, line and field of the first malformed input.
 */
import { createDemand, createTrafficNetwork, type Demand, type TrafficNetwork } from '../../engine/traffic/network.ts';

export class TntpError extends Error {
  override name = 'TntpError';
}

export interface TntpNet {
  /** Every metadata field as written, keyed by its name without brackets (e.g. `NUMBER OF ZONES`). */
  metadata: Record<string, string>;
  zoneCount: number;
  nodeCount: number;
  /** 1-based, as in the file. */
  firstThruNode: number;
  linkCount: number;
  /** Link columns; node ids are 1-based as in the file. */
  initNode: Int32Array;
  termNode: Int32Array;
  capacity: Float64Array;
  length: Float64Array;
  freeFlowTime: Float64Array;
  b: Float64Array;
  power: Float64Array;
  speed: Float64Array;
  toll: Float64Array;
  linkType: Int32Array;
}

export interface TntpTrips {
  metadata: Record<string, string>;
  zoneCount: number;
  /** `<TOTAL OD FLOW>` when the file declares it. */
  declaredTotal: number | null;
  /** Σ of the values read. */
  total: number;
  /** 1-based zone ids and values, in file order. */
  origin: Int32Array;
  destination: Int32Array;
  trips: Float64Array;
}

export interface TntpFlow {
  from: Int32Array;
  to: Int32Array;
  volume: Float64Array;
  cost: Float64Array;
}

function parseMetadata(lines: string[], file: string, required: string[]): { metadata: Record<string, string>; next: number } {
  const metadata: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('~')) continue;
    const m = /^<([^>]+)>(.*)$/.exec(line);
    if (!m) {
      if (Object.keys(metadata).length === 0) break; // a file without metadata
      throw new TntpError(`${file}:${i + 1}: expected a metadata line <NAME> value or <END OF METADATA>, got "${line.slice(0, 60)}"`);
    }
    const name = m[1].trim().toUpperCase();
    if (name === 'END OF METADATA') {
      for (const r of required) if (metadata[r] === undefined) throw new TntpError(`${file}: metadata field <${r}> is missing`);
      return { metadata, next: i + 1 };
    }
    metadata[name] = m[2].trim();
  }
  throw new TntpError(`${file}: <END OF METADATA> not found`);
}

function metaInt(meta: Record<string, string>, name: string, file: string, min: number): number {
  const v = Number(meta[name]);
  if (!Number.isInteger(v) || v < min) throw new TntpError(`${file}: metadata <${name}> must be an integer ≥ ${min}, got "${meta[name]}"`);
  return v;
}

function metaNumber(meta: Record<string, string>, name: string, file: string): number | null {
  if (meta[name] === undefined || meta[name] === '') return null;
  const v = Number(meta[name]);
  if (!Number.isFinite(v)) throw new TntpError(`${file}: metadata <${name}> must be a number, got "${meta[name]}"`);
  return v;
}

const NET_FIELDS = ['init_node', 'term_node', 'capacity', 'length', 'free_flow_time', 'b', 'power', 'speed', 'toll', 'link_type'] as const;

/** Parses a `_net.tntp` text. Checks node ids, the link count and every numeric field (capacity > 0). */
export function parseTntpNet(text: string, file = 'net.tntp'): TntpNet {
  const lines = text.split(/\r?\n/);
  const { metadata, next } = parseMetadata(lines, file, ['NUMBER OF NODES', 'NUMBER OF LINKS']);
  const nodeCount = metaInt(metadata, 'NUMBER OF NODES', file, 1);
  const linkCount = metaInt(metadata, 'NUMBER OF LINKS', file, 0);
  const zoneCount = metadata['NUMBER OF ZONES'] === undefined ? 0 : metaInt(metadata, 'NUMBER OF ZONES', file, 0);
  const firstThruNode = metadata['FIRST THRU NODE'] === undefined ? 1 : metaInt(metadata, 'FIRST THRU NODE', file, 1);
  if (zoneCount > nodeCount) throw new TntpError(`${file}: <NUMBER OF ZONES> ${zoneCount} exceeds <NUMBER OF NODES> ${nodeCount}`);
  const cols = NET_FIELDS.map(() => new Float64Array(linkCount));
  let n = 0;
  for (let i = next; i < lines.length; i++) {
    const raw = lines[i];
    const semi = raw.indexOf(';');
    const body = (semi >= 0 ? raw.slice(0, semi) : raw).trim();
    if (body === '' || body.startsWith('~')) continue;
    const where = `${file}:${i + 1}`;
    if (n >= linkCount) throw new TntpError(`${where}: more links than <NUMBER OF LINKS> ${linkCount}`);
    const parts = body.split(/\s+/);
    if (parts.length < 7) throw new TntpError(`${where}: expected at least 7 fields (${NET_FIELDS.slice(0, 7).join(' ')}), got ${parts.length}`);
    for (let f = 0; f < NET_FIELDS.length; f++) {
      const s = parts[f] ?? '0';
      const v = Number(s);
      if (!Number.isFinite(v) || s === '') throw new TntpError(`${where}: field ${NET_FIELDS[f]}: not a number: "${s}"`);
      cols[f][n] = v;
    }
    for (const f of [0, 1]) {
      const v = cols[f][n];
      if (!Number.isInteger(v) || v < 1 || v > nodeCount) throw new TntpError(`${where}: field ${NET_FIELDS[f]}: node ${parts[f]} outside 1 … ${nodeCount}`);
    }
    const link = `link ${cols[0][n]}→${cols[1][n]}`;
    if (!(cols[2][n] > 0)) throw new TntpError(`${where}: field capacity: must be > 0 (${link}), got "${parts[2]}"`);
    for (const f of [3, 4, 5, 6]) if (cols[f][n] < 0) throw new TntpError(`${where}: field ${NET_FIELDS[f]}: must be ≥ 0 (${link}), got "${parts[f]}"`);
    n++;
  }
  if (n !== linkCount) throw new TntpError(`${file}: <NUMBER OF LINKS> is ${linkCount} but ${n} links were read`);
  return {
    metadata, zoneCount, nodeCount, firstThruNode, linkCount,
    initNode: Int32Array.from(cols[0]), termNode: Int32Array.from(cols[1]), capacity: cols[2], length: cols[3], freeFlowTime: cols[4],
    b: cols[5], power: cols[6], speed: cols[7], toll: cols[8], linkType: Int32Array.from(cols[9]),
  };
}

/** Parses a `_trips.tntp` text. */
export function parseTntpTrips(text: string, file = 'trips.tntp'): TntpTrips {
  const lines = text.split(/\r?\n/);
  const { metadata, next } = parseMetadata(lines, file, ['NUMBER OF ZONES']);
  const zoneCount = metaInt(metadata, 'NUMBER OF ZONES', file, 1);
  const declaredTotal = metaNumber(metadata, 'TOTAL OD FLOW', file);
  const o: number[] = [];
  const d: number[] = [];
  const v: number[] = [];
  let origin = 0;
  let total = 0;
  for (let i = next; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('~')) continue;
    const where = `${file}:${i + 1}`;
    const om = /^Origin\s+(\S+)\s*$/i.exec(line);
    if (om) {
      const z = Number(om[1]);
      if (!Number.isInteger(z) || z < 1 || z > zoneCount) throw new TntpError(`${where}: field origin: zone "${om[1]}" outside 1 … ${zoneCount}`);
      origin = z;
      continue;
    }
    if (origin === 0) throw new TntpError(`${where}: destination values before any "Origin N" line`);
    for (const rec of line.split(';')) {
      const r = rec.trim();
      if (r === '') continue;
      const m = /^(\S+)\s*:\s*(\S+)$/.exec(r);
      if (!m) throw new TntpError(`${where}: expected "destination : value", got "${r.slice(0, 40)}"`);
      const z = Number(m[1]);
      if (!Number.isInteger(z) || z < 1 || z > zoneCount) throw new TntpError(`${where}: field destination: zone "${m[1]}" outside 1 … ${zoneCount}`);
      const x = Number(m[2]);
      if (!Number.isFinite(x) || x < 0) throw new TntpError(`${where}: field value (origin ${origin} → ${z}): must be a finite number ≥ 0, got "${m[2]}"`);
      o.push(origin);
      d.push(z);
      v.push(x);
      total += x;
    }
  }
  return { metadata, zoneCount, declaredTotal, total, origin: Int32Array.from(o), destination: Int32Array.from(d), trips: Float64Array.from(v) };
}

/** Parses a `_flow.tntp` text (From To Volume Cost). */
export function parseTntpFlow(text: string, file = 'flow.tntp'): TntpFlow {
  const from: number[] = [];
  const to: number[] = [];
  const vol: number[] = [];
  const cost: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const body = lines[i].split(';')[0].trim();
    if (body === '' || body.startsWith('~') || body.startsWith('<')) continue;
    const parts = body.split(/\s+/);
    if (from.length === 0 && !Number.isFinite(Number(parts[0]))) continue; // header line
    const where = `${file}:${i + 1}`;
    if (parts.length < 3) throw new TntpError(`${where}: expected From To Volume [Cost], got "${body.slice(0, 60)}"`);
    const names = ['from', 'to', 'volume', 'cost'];
    const vals = names.map((_, f) => (parts[f] === undefined ? NaN : Number(parts[f])));
    for (let f = 0; f < 3; f++) if (!Number.isFinite(vals[f])) throw new TntpError(`${where}: field ${names[f]}: not a number: "${parts[f]}"`);
    if (!Number.isInteger(vals[0]) || !Number.isInteger(vals[1])) throw new TntpError(`${where}: field from/to: node ids must be integers`);
    from.push(vals[0]);
    to.push(vals[1]);
    vol.push(vals[2]);
    cost.push(vals[3]);
  }
  return { from: Int32Array.from(from), to: Int32Array.from(to), volume: Float64Array.from(vol), cost: Float64Array.from(cost) };
}

/** Writes link flows in the `_flow.tntp` layout (From To Volume Cost, tab-separated, full precision). */
export function formatTntpFlow(net: TntpNet, volume: ArrayLike<number>, cost: ArrayLike<number>): string {
  const rows = ['From\tTo\tVolume\tCost'];
  for (let a = 0; a < net.linkCount; a++) rows.push(`${net.initNode[a]}\t${net.termNode[a]}\t${volume[a]}\t${cost[a]}`);
  return rows.join('\n') + '\n';
}

export interface TntpCostOptions {
  /** Weight of the toll in the generalised cost (default: `<TOLL FACTOR>` metadata, else 0). */
  tollFactor?: number;
  /** Weight of the length in the generalised cost (default: `<DISTANCE FACTOR>` metadata, else 0). */
  distanceFactor?: number;
}

/** The engine network of a TNTP net (nodes renumbered from 0: node k of the file is index k − 1). */
export function tntpToNetwork(net: TntpNet, opts: TntpCostOptions = {}, file = 'net.tntp'): TrafficNetwork {
  const tollFactor = opts.tollFactor ?? metaNumber(net.metadata, 'TOLL FACTOR', file) ?? 0;
  const distanceFactor = opts.distanceFactor ?? metaNumber(net.metadata, 'DISTANCE FACTOR', file) ?? 0;
  const fixed = new Float64Array(net.linkCount);
  for (let a = 0; a < net.linkCount; a++) {
    fixed[a] = tollFactor * net.toll[a] + distanceFactor * net.length[a];
    if (!(fixed[a] >= 0)) throw new TntpError(`${file}: link ${net.initNode[a]}→${net.termNode[a]}: toll factor × toll + distance factor × length = ${fixed[a]} is negative`);
  }
  return createTrafficNetwork({
    nodeCount: net.nodeCount, zoneCount: net.zoneCount, firstThruNode: net.firstThruNode - 1,
    linkFrom: net.initNode.map((x) => x - 1), linkTo: net.termNode.map((x) => x - 1),
    freeFlowTime: net.freeFlowTime, capacity: net.capacity, bprB: net.b, bprPower: net.power, fixedCost: fixed, nodeIdBase: 1,
  });
}

/** The engine demand of a TNTP trips file (zones renumbered from 0); its zone count must match the network's. */
export function tntpToDemand(trips: TntpTrips, zoneCount: number = trips.zoneCount, file = 'trips.tntp'): Demand {
  if (trips.zoneCount !== zoneCount) throw new TntpError(`${file}: <NUMBER OF ZONES> is ${trips.zoneCount} but the network has ${zoneCount} zones`);
  return createDemand(zoneCount, trips.origin.map((x) => x - 1), trips.destination.map((x) => x - 1), trips.trips);
}
