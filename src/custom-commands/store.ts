import type { PermissionLevel } from '../chat/permissions.js';
import { PERMISSION_LEVELS } from '../chat/permissions.js';
import type { Migration, Store } from '../store/store.js';

/** One custom command of a channel, as stored. */
export interface CustomCommand {
  channel: string;
  /** Lowercase name without prefix. */
  name: string;
  /** Response template (variables like `${user}` are expanded when it runs). */
  response: string;
  permission: PermissionLevel;
  /** Seconds between two runs in the channel. */
  globalCooldownSeconds: number;
  /** Seconds between two runs by one viewer. */
  userCooldownSeconds: number;
  /** Other names, lowercase, without prefix. */
  aliases: string[];
  /** Times it ran (the `${count}` variable). */
  uses: number;
  /** Login of whoever added it (or `import`). */
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'custom commands',
    up: `CREATE TABLE custom_commands (
      channel TEXT NOT NULL,
      name TEXT NOT NULL,
      response TEXT NOT NULL,
      permission TEXT NOT NULL,
      global_cooldown INTEGER NOT NULL,
      user_cooldown INTEGER NOT NULL,
      aliases TEXT NOT NULL DEFAULT '[]',
      uses INTEGER NOT NULL DEFAULT 0,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (channel, name)
    )`,
  },
];

interface Row {
  channel: string;
  name: string;
  response: string;
  permission: string;
  global_cooldown: number;
  user_cooldown: number;
  aliases: string;
  uses: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

function fromRow(r: Row): CustomCommand {
  let aliases: string[] = [];
  try {
    const parsed: unknown = JSON.parse(r.aliases);
    if (Array.isArray(parsed)) aliases = parsed.filter((a): a is string => typeof a === 'string');
  } catch {
    // A damaged alias list loses the aliases, never the command
  }
  return {
    channel: r.channel,
    name: r.name,
    response: r.response,
    permission: (PERMISSION_LEVELS as readonly string[]).includes(r.permission) ? (r.permission as PermissionLevel) : 'moderator',
    globalCooldownSeconds: r.global_cooldown,
    userCooldownSeconds: r.user_cooldown,
    aliases,
    uses: r.uses,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Custom commands in the SQLite store, with an in-memory index per channel (name and alias ->
 * command) so the router's lookup on every chat message costs no query. Writes go to SQLite first.
 */
export class CustomCommandStore {
  private readonly channels = new Map<string, Map<string, CustomCommand>>();

  constructor(private readonly store: Store) {
    store.migrate('custom-commands', MIGRATIONS);
  }

  /** Commands of a channel by name. */
  private index(channel: string): Map<string, CustomCommand> {
    let idx = this.channels.get(channel);
    if (!idx) {
      const rows = this.store.statement('SELECT * FROM custom_commands WHERE channel = ? ORDER BY name').all(channel) as Row[];
      idx = new Map(rows.map((r) => [r.name, fromRow(r)]));
      this.channels.set(channel, idx);
    }
    return idx;
  }

  /** Every command of a channel, by name. */
  list(channel: string): CustomCommand[] {
    return [...this.index(channel).values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The command `name` (or an alias of it) stands for. */
  find(channel: string, name: string): CustomCommand | undefined {
    const idx = this.index(channel);
    const direct = idx.get(name);
    if (direct) return direct;
    for (const c of idx.values()) if (c.aliases.includes(name)) return c;
    return undefined;
  }

  count(channel: string): number {
    return this.index(channel).size;
  }

  /** Inserts or replaces a command (same channel and name). */
  save(c: CustomCommand): void {
    this.store
      .statement(
        `INSERT INTO custom_commands (channel, name, response, permission, global_cooldown, user_cooldown, aliases, uses, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel, name) DO UPDATE SET response = excluded.response, permission = excluded.permission,
           global_cooldown = excluded.global_cooldown, user_cooldown = excluded.user_cooldown, aliases = excluded.aliases,
           uses = excluded.uses, updated_at = excluded.updated_at`,
      )
      .run(
        c.channel,
        c.name,
        c.response,
        c.permission,
        c.globalCooldownSeconds,
        c.userCooldownSeconds,
        JSON.stringify(c.aliases),
        c.uses,
        c.createdBy,
        c.createdAt,
        c.updatedAt,
      );
    this.index(c.channel).set(c.name, { ...c, aliases: [...c.aliases] });
  }

  /** Deletes a command; false when there was none. */
  delete(channel: string, name: string): boolean {
    const r = this.store.statement('DELETE FROM custom_commands WHERE channel = ? AND name = ?').run(channel, name);
    this.index(channel).delete(name);
    return r.changes > 0;
  }

  /** Counts one use and returns the new count. */
  use(channel: string, name: string): number {
    const row = this.store.statement('UPDATE custom_commands SET uses = uses + 1 WHERE channel = ? AND name = ? RETURNING uses').get(channel, name) as
      { uses: number } | undefined;
    const c = this.index(channel).get(name);
    if (c && row) c.uses = row.uses;
    return row?.uses ?? 0;
  }
}
