/** Every `jumeau` sub-command, in the order `jumeau --help` lists them. */
import type { Command } from '../command.ts';
import { importCommand } from './import.ts';
import { dataInfoCommand } from './data-info.ts';
import { sampleCommand } from './sample.ts';
import { sunCommand } from './sun.ts';
import { dsmCommand } from './dsm.ts';
import { shadowCommand } from './shadow.ts';
import { svfCommand } from './svf.ts';
import { sunhoursCommand } from './sunhours.ts';
import { tilesCommand } from './tiles.ts';
import { urbanCommand } from './urban.ts';
import { runCommand } from './run.ts';
import { heatCommand } from './heat.ts';
import { assignCommand } from './assign.ts';
import { trafficCommand } from './traffic.ts';
import { airCommand } from './air.ts';
import { batchCommand } from './batch.ts';
import { compareCommand } from './compare.ts';

export const COMMANDS: Command[] = [importCommand, sampleCommand, dataInfoCommand, sunCommand, dsmCommand, shadowCommand, svfCommand, sunhoursCommand, tilesCommand, urbanCommand, heatCommand, assignCommand, trafficCommand, airCommand, runCommand, batchCommand, compareCommand];
