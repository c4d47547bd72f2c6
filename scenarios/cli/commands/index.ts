/** Every `jumeau` sub-command, in the order `jumeau --help` lists them. */
import type { Command } from '../command.ts';
import { importCommand } from './import.ts';
import { dataInfoCommand } from './data-info.ts';

export const COMMANDS: Command[] = [importCommand, dataInfoCommand];
