/**
 * External traffic of a territory (engine/traffic/README.md § External traffic): exchange trips between its zones
 * and its gateways (./gateways.ts), and through trips between pairs of gateways, as peak-hour OD trips.
 *
 * Exchange. E = exchangeShare × ΣP daily vehicle trips, ΣP the residents' daily car vehicle trips of the internal
 * model. A share ι = exchangeInboundShare of them is made by people living outside (home end outside, the other end
 * attracted inside like the residents' non-home ends A_j), the rest by residents (home end inside, in proportion to
 * the productions P_j, the other end outside). As for the internal trips, every production–attraction trip is
 * travelled half each way and the peak hour carries φ = peakHourFactor of it, so φ·E/2 trips enter and φ·E/2 leave:
 *   entering at gateway g to zone j:  φ·E/2 · cin_g/Cin · w_j
 *   leaving from zone j by gateway g: φ·E/2 · cout_g/Cout · w_j,      w_j = ι·A_j/ΣA + (1 − ι)·P_j/ΣP
 * with cin_g, cout_g the gateway's road capacity into and out of the territory: a traveller's road in or out is
 * taken in proportion to its capacity (a proxy for the population it serves outside), and the place visited inside
 * does not depend on the gateway (the gateway follows from where the traveller comes from, outside the model).
 *
 * Through. Θ = throughShare × (Cin + Cout)/2 peak-hour vehicle trips (throughShare = the mean share of the gateways'
 * capacity per direction taken by through traffic), between distinct gateways in proportion to the capacities used:
 *   Θ_gh = K·cin_g·cout_h for gateways g ≠ h more than gatewayMergeM apart (else 0),  K = Θ / Σ_pairs cin_g·cout_h.
 * Gateways closer than that are one place for through traffic (a trip between them does not cross the territory).
 * With two-way gateways (cin = cout) each pair is travelled equally both ways, like the rest of the model.
 */
import type { TrafficGateways } from './gateways.ts';
import type { TrafficParams } from './traffic-params.ts';
import * as dmath from '../math/dmath.ts';

export interface ExternalDemand {
  gateways: TrafficGateways;
  /** Peak-hour exchange vehicle trips: entering G × Z (gateway g → zone j), leaving Z × G (zone j → gateway g). */
  enterPeak: Float64Array;
  leavePeak: Float64Array;
  /** Peak-hour through vehicle trips G × G (gateway g → gateway h, zero diagonal). */
  throughPeak: Float64Array;
  /** Daily exchange vehicle trips (entering + leaving) and peak-hour through trips. */
  exchangeDay: number;
  throughPeakTotal: number;
  notes: string[];
}

/** Exchange and through demand for the gateways `gw` of a territory with internal productions and attractions. */
export function externalDemand(gw: TrafficGateways, productionDay: ArrayLike<number>, attractionDay: ArrayLike<number>, p: TrafficParams): ExternalDemand {
  const Z = productionDay.length;
  const G = gw.count;
  if (attractionDay.length !== Z) throw new Error(`external demand: ${attractionDay.length} attractions for ${Z} zones`);
  const notes: string[] = [];
  const enter = new Float64Array(G * Z);
  const leave = new Float64Array(Z * G);
  const through = new Float64Array(G * G);
  let Cin = 0;
  let Cout = 0;
  for (let g = 0; g < G; g++) {
    const a = gw.capacityInVehH[g];
    const b = gw.capacityOutVehH[g];
    if (!(a >= 0) || !(b >= 0) || !Number.isFinite(a + b) || !(a + b > 0)) throw new Error(`external demand: gateway ${gw.id[g]} has capacities ${a} in, ${b} out (veh/h, must be ≥ 0 and not both 0)`);
    Cin += a;
    Cout += b;
  }
  let sumP = 0;
  let sumA = 0;
  for (let i = 0; i < Z; i++) {
    sumP += productionDay[i];
    sumA += attractionDay[i];
  }
  let exchangeDay = 0;
  if (p.exchangeShare > 0) {
    if (G === 0) notes.push('exchange traffic: no gateway (no main road reaches the edge of the territory), so no exchange trip is modelled');
    else if (!(Cin > 0) || !(Cout > 0)) notes.push(`exchange traffic: the gateways carry traffic only ${Cin > 0 ? 'into' : 'out of'} the territory, so no exchange trip is modelled`);
    else if (sumP > 0 && sumA > 0) {
      const E = p.exchangeShare * sumP;
      const half = (p.peakHourFactor * E) / 2;
      const iota = p.exchangeInboundShare;
      for (let j = 0; j < Z; j++) {
        const w = (iota * attractionDay[j]) / sumA + ((1 - iota) * productionDay[j]) / sumP;
        if (!(w > 0)) continue;
        for (let g = 0; g < G; g++) {
          enter[g * Z + j] = ((half * gw.capacityInVehH[g]) / Cin) * w;
          leave[j * G + g] = ((half * gw.capacityOutVehH[g]) / Cout) * w;
        }
      }
      exchangeDay = E;
    }
  }
  let throughTotal = 0;
  if (p.throughShare > 0) {
    const apart = (g: number, h: number): boolean => g !== h && dmath.hypot(gw.x[g] - gw.x[h], gw.y[g] - gw.y[h]) > p.gatewayMergeM;
    let pairs = 0;
    for (let g = 0; g < G; g++) for (let h = 0; h < G; h++) if (apart(g, h)) pairs += gw.capacityInVehH[g] * gw.capacityOutVehH[h];
    if (!(pairs > 0))
      notes.push(`through traffic: ${G === 0 ? 'no gateway' : G === 1 ? 'a single gateway' : `no pair of gateways more than ${p.gatewayMergeM} m apart with a way in at one and a way out at the other`}, so no through trip is modelled`);
    else {
      throughTotal = (p.throughShare * (Cin + Cout)) / 2;
      const K = throughTotal / pairs;
      for (let g = 0; g < G; g++) for (let h = 0; h < G; h++) if (apart(g, h)) through[g * G + h] = K * gw.capacityInVehH[g] * gw.capacityOutVehH[h];
    }
  }
  return { gateways: gw, enterPeak: enter, leavePeak: leave, throughPeak: through, exchangeDay, throughPeakTotal: throughTotal, notes };
}
