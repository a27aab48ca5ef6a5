// dynalite ships no type declarations; this covers the part Flywheel uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  /** Options of dynalite 4.x (see its index.js). */
  interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }

  /** Creates (but does not start) an HTTP server that speaks the DynamoDB API. */
  export default function dynalite(options?: DynaliteOptions): Server;
}
