/**
 * Size presets of the sample territory and the plans of its towns (ring roads, radial roads and the zone of
 * each band between two rings), plus the road kinds used everywhere in the generator.
 *
 * A town is a "spider web" like most French towns grown around a historic core: rings (boulevards on the
 * former ramparts, a 2×2-lane ring road — the rocade — further out) crossed by radial roads leaving the
 * central square. Radial counts double outwards so that the faces between rings and radials stay ~150–400 m
 * wide; see README.md for the figures and their grounds.
 */
import type { RoadClass } from '../../engine/territory.ts';

export type SampleSize = 'district' | 'city' | 'metropolis';

/** Urban zones; each drives the street spacing and the building layout of its faces. */
export const ZONE = {
  place: 0, // central square with the town hall
  historic: 1, // historic centre: dense irregular blocks, 3–6 floors, before 1945
  dense: 2, // collective housing 4–10 floors, 1945–1990 and later
  suburb: 3, // detached houses 1–2 floors, 1971–2012
  activity: 4, // industrial and commercial boxes
  park: 5,
  forest: 6,
  sport: 7,
  green: 8, // verges of the ring road
  campus: 9, // hospital grounds (a whole face, not cut into blocks)
  faubourg: 10, // 19th–early 20th c. terraced town houses (maisons de ville) between centre and boulevards
} as const;
export type Zone = (typeof ZONE)[keyof typeof ZONE];

export interface RoadKind {
  cls: RoadClass;
  /** Total lanes over both directions (as BD TOPO NB_VOIES); null where the notion does not apply. */
  lanes: number | null;
  speedKmh: number;
  oneWay: boolean;
  /** Half width of the right-of-way (carriageway + pavements) from the centreline: the building setback. */
  halfWidthM: number;
}

/**
 * Road kinds. Speeds: French limits — 50 km/h in built-up areas (Code de la route R413-3), 30 km/h in the
 * residential "ville 30" streets (Rennes since 2021), 80 km/h on two-lane roads outside built-up areas
 * (R413-2 as amended by décret 2018-487), 110 km/h on divided roads, 90 km/h on urban ring roads (rocade de
 * Rennes). Right-of-way widths are usual French profiles (3 m lanes, 2–3 m pavements, parking lanes on
 * boulevards).
 */
export const KIND = {
  none: 0, // domain edge, not a road
  rocade: 1,
  expressway: 2,
  departmental: 3,
  boulevard: 4,
  avenue: 5,
  radialOuter: 6,
  street: 7,
  centreStreet: 8,
  residential: 9,
  lane: 10,
  narrow: 11,
  pedestrian: 12,
  activityStreet: 13,
  villageRing: 14,
  rural: 15,
} as const;
export type KindId = (typeof KIND)[keyof typeof KIND];

export const ROAD_KINDS: readonly RoadKind[] = [
  { cls: 'unknown', lanes: null, speedKmh: 0, oneWay: false, halfWidthM: 1 }, // none
  { cls: 'trunk', lanes: 4, speedKmh: 90, oneWay: false, halfWidthM: 20 }, // rocade, 2×2 lanes
  { cls: 'trunk', lanes: 4, speedKmh: 110, oneWay: false, halfWidthM: 15 }, // voie express, 2×2 lanes
  { cls: 'primary', lanes: 2, speedKmh: 80, oneWay: false, halfWidthM: 8 }, // route départementale
  { cls: 'secondary', lanes: 4, speedKmh: 50, oneWay: false, halfWidthM: 12 }, // boulevard 2×2 lanes
  { cls: 'primary', lanes: 2, speedKmh: 50, oneWay: false, halfWidthM: 10 }, // radial avenue in town
  { cls: 'primary', lanes: 2, speedKmh: 70, oneWay: false, halfWidthM: 9 }, // radial road beyond the rocade
  { cls: 'secondary', lanes: 2, speedKmh: 50, oneWay: false, halfWidthM: 8 }, // secondary street
  { cls: 'tertiary', lanes: 2, speedKmh: 30, oneWay: false, halfWidthM: 6 }, // street of the historic centre
  { cls: 'residential', lanes: 2, speedKmh: 30, oneWay: false, halfWidthM: 5 }, // residential street
  { cls: 'residential', lanes: 1, speedKmh: 30, oneWay: true, halfWidthM: 3 }, // narrow one-way lane
  { cls: 'residential', lanes: 2, speedKmh: 30, oneWay: false, halfWidthM: 4 }, // narrow two-way street
  { cls: 'pedestrian', lanes: null, speedKmh: 5, oneWay: false, halfWidthM: 3 }, // pedestrian street
  { cls: 'tertiary', lanes: 2, speedKmh: 50, oneWay: false, halfWidthM: 8 }, // street of an activity zone
  { cls: 'tertiary', lanes: 2, speedKmh: 50, oneWay: false, halfWidthM: 6 }, // outer ring of a small town
  { cls: 'secondary', lanes: 2, speedKmh: 80, oneWay: false, halfWidthM: 6 }, // rural road between villages
];

export interface RingPlan {
  r: number;
  kind: KindId;
}

export interface BandPlan {
  zone: Zone;
  /** Radial roads in this band (a multiple of the previous band's count, or any count in 'green' bands). */
  radials: number;
  /** Kind of the radials inherited from the central square (the town's main roads) and of the others. */
  mainKind: KindId;
  otherKind: KindId;
}

export type TownRole = 'central' | 'town' | 'village';

export interface TownPlan {
  role: TownRole;
  name: string;
  cx: number;
  cy: number;
  /** Radials leaving the central square. */
  mainRadials: number;
  rings: RingPlan[];
  /** bands[k] lies between rings[k] and rings[k+1] (or the domain edge when `outerSquare`). */
  bands: BandPlan[];
  /** The last band reaches the edge of the domain (a window in a larger urban area). */
  outerSquare: boolean;
  /** Angular sectors [from, to] (radians) of the outer bands turned into activity zones. */
  activity: [number, number][];
  /** First band index where activity sectors apply. */
  activityFromBand: number;
  /** Probability scale of whole faces turned into parks, sport grounds or woods (0: only the guaranteed ones). */
  openFaces: number;
  hospital: boolean;
  /** Outer radius (last ring) used to keep other settlements and rural roads away. */
  radius: number;
}

export interface SizePreset {
  /** Half side of the square domain (m), centred on the local origin. */
  halfSide: number;
  riverHalfWidth: number;
  /** Towns other than the central one, and villages. */
  towns: number;
  villages: number;
  forests: number;
}

export const SIZE_PRESETS: Record<SampleSize, SizePreset> = {
  district: { halfSide: 705, riverHalfWidth: 14, towns: 0, villages: 0, forests: 0 },
  city: { halfSide: 4200, riverHalfWidth: 22, towns: 0, villages: 4, forests: 14 },
  metropolis: { halfSide: 13230, riverHalfWidth: 28, towns: 13, villages: 30, forests: 120 },
};

const band = (zone: Zone, radials: number, mainKind: KindId, otherKind: KindId): BandPlan => ({ zone, radials, mainKind, otherKind });

/** Plan of the central town for each size; `turn` rotates the activity sectors. */
export function centralPlan(size: SampleSize, name: string, turn: number): TownPlan {
  const Z = ZONE;
  const K = KIND;
  if (size === 'district') {
    return {
      role: 'central', name, cx: 0, cy: 0, mainRadials: 6, outerSquare: true, hospital: false, radius: 705,
      rings: [{ r: 48, kind: K.centreStreet }, { r: 320, kind: K.street }, { r: 450, kind: K.street }, { r: 482, kind: K.rocade }, { r: 514, kind: K.street }],
      bands: [band(Z.historic, 12, K.centreStreet, K.centreStreet), band(Z.dense, 24, K.avenue, K.street), band(Z.green, 6, K.avenue, K.avenue), band(Z.green, 6, K.radialOuter, K.radialOuter), band(Z.suburb, 24, K.radialOuter, K.street)],
      activity: [[turn, turn + 0.95]], activityFromBand: 4, openFaces: 0,
    };
  }
  if (size === 'city') {
    return {
      role: 'central', name, cx: 0, cy: 0, mainRadials: 8, outerSquare: false, hospital: true, radius: 3250,
      rings: [60, 430, 950, 1550, 2100, 2150, 2200, 2750, 3250].map((r, i) => ({ r, kind: [K.centreStreet, K.boulevard, K.street, K.street, K.street, K.rocade, K.street, K.street, K.villageRing][i] })),
      bands: [
        band(Z.historic, 8, K.centreStreet, K.centreStreet), band(Z.dense, 16, K.avenue, K.street), band(Z.dense, 32, K.avenue, K.street),
        band(Z.suburb, 64, K.avenue, K.street), band(Z.green, 8, K.avenue, K.avenue), band(Z.green, 8, K.radialOuter, K.radialOuter),
        band(Z.suburb, 64, K.radialOuter, K.street), band(Z.suburb, 64, K.radialOuter, K.street),
      ],
      activity: [[turn, turn + 0.9], [turn + 2.6, turn + 3.2], [turn + 4.4, turn + 4.9]], activityFromBand: 6, openFaces: 1,
    };
  }
  return {
    role: 'central', name, cx: 0, cy: 0, mainRadials: 8, outerSquare: false, hospital: true, radius: 4700,
    rings: [70, 480, 1050, 1700, 2450, 3000, 3050, 3100, 3900, 4700].map((r, i) => ({ r, kind: [K.centreStreet, K.boulevard, K.boulevard, K.street, K.street, K.street, K.rocade, K.street, K.street, K.villageRing][i] })),
    bands: [
      band(Z.historic, 8, K.centreStreet, K.centreStreet), band(Z.dense, 16, K.avenue, K.street), band(Z.dense, 32, K.avenue, K.street),
      band(Z.suburb, 64, K.avenue, K.street), band(Z.suburb, 64, K.avenue, K.street), band(Z.green, 16, K.avenue, K.avenue),
      band(Z.green, 16, K.radialOuter, K.radialOuter), band(Z.suburb, 128, K.radialOuter, K.street), band(Z.suburb, 128, K.radialOuter, K.street),
    ],
    activity: [[turn, turn + 0.7], [turn + 2.2, turn + 2.7], [turn + 3.9, turn + 4.3], [turn + 5.3, turn + 5.7]], activityFromBand: 7, openFaces: 1,
  };
}

/** Plan of a secondary town (radius ~1.2–1.9 km) or a village (~0.35–0.6 km) centred on (cx, cy). */
export function satellitePlan(role: 'town' | 'village', name: string, cx: number, cy: number, scale: number, turn: number): TownPlan {
  const Z = ZONE;
  const K = KIND;
  if (role === 'village') {
    const rings = [28, 130, 330, 520].map((r) => ({ r: r * scale, kind: K.villageRing as KindId }));
    rings[0].kind = K.centreStreet;
    return {
      role, name, cx, cy, mainRadials: 4, outerSquare: false, hospital: false, radius: rings[3].r,
      rings,
      bands: [band(Z.historic, 4, K.centreStreet, K.centreStreet), band(Z.suburb, 8, K.villageRing, K.residential), band(Z.suburb, 16, K.villageRing, K.residential)],
      activity: [], activityFromBand: 99, openFaces: 1,
    };
  }
  const rings = [40, 260, 650, 1050, 1450, 1800].map((r, i) => ({ r: r * scale, kind: [K.centreStreet, K.street, K.street, K.street, K.street, K.villageRing][i] as KindId }));
  return {
    role, name, cx, cy, mainRadials: 6, outerSquare: false, hospital: false, radius: rings[5].r,
    rings,
    bands: [band(Z.historic, 6, K.centreStreet, K.centreStreet), band(Z.faubourg, 12, K.avenue, K.street), band(Z.suburb, 24, K.avenue, K.street), band(Z.suburb, 48, K.avenue, K.street), band(Z.suburb, 48, K.avenue, K.street)],
    activity: [[turn, turn + 0.8]], activityFromBand: 3, openFaces: 1,
  };
}
