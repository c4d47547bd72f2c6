/** File loading for the TNTP format (Node only); parsing lives in ./tntp.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Demand, TrafficNetwork } from '../../engine/traffic/network.ts';
import {
  formatTntpFlow, parseTntpFlow, parseTntpNet, parseTntpTrips, tntpToDemand, tntpToNetwork, TntpError,
  type TntpCostOptions, type TntpFlow, type TntpNet, type TntpTrips,
} from './tntp.ts';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TntpError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`);
  }
}

export const readTntpNet = (file: string): TntpNet => parseTntpNet(readText(file), path.basename(file));
export const readTntpTrips = (file: string): TntpTrips => parseTntpTrips(readText(file), path.basename(file));
export const readTntpFlow = (file: string): TntpFlow => parseTntpFlow(readText(file), path.basename(file));

export function writeTntpFlow(file: string, net: TntpNet, volume: ArrayLike<number>, cost: ArrayLike<number>): void {
  writeFileSync(file, formatTntpFlow(net, volume, cost));
}

export interface TntpProblem {
  tntp: TntpNet;
  trips: TntpTrips;
  network: TrafficNetwork;
  demand: Demand;
}

/** Reads a net and a trips file into an engine network and demand. */
export function loadTntpProblem(netFile: string, tripsFile: string, opts: TntpCostOptions = {}): TntpProblem {
  const tntp = readTntpNet(netFile);
  const trips = readTntpTrips(tripsFile);
  const network = tntpToNetwork(tntp, opts, path.basename(netFile));
  const demand = tntpToDemand(trips, tntp.zoneCount, path.basename(tripsFile));
  return { tntp, trips, network, demand };
}
