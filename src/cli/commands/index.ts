// The command table: adding a command = one file + one line here.
import type { Command } from '../context.ts';
import { demo } from './demo.ts';
import { doctor } from './doctor.ts';
import { health } from './health.ts';
import { importCmd, importFileCmd } from './import.ts';
import { indexCmd } from './index-cmd.ts';
import { init } from './init.ts';
import { purge } from './purge.ts';
import { recent } from './recent.ts';
import { search } from './search.ts';
import { agent, serve } from './serve.ts';
import { sessions } from './sessions.ts';
import { show } from './show.ts';
import { stats } from './stats.ts';

export const COMMANDS: readonly Command[] = [
  init, importCmd, importFileCmd, sessions, search, show, recent, stats, health, doctor, indexCmd, purge, demo,
  serve, agent,
];

export const findCommand = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
