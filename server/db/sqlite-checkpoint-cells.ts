/** The shared-memory cells between a SQLite writer and its checkpoint thread, by index. */
export const CELL = {
  /** Bumped by the writer after a write; the thread waits on it. */
  wakeups: 0,
  /** Frames in the WAL at the thread's last checkpoint. */
  walFrames: 1,
  /** Of those, the frames copied into the database. */
  copiedFrames: 2,
  /** Checkpoints the thread has run; the writer waits on it while it lets the thread catch up. */
  checkpoints: 3,
  /** Set to ask the thread to close its connection and end. */
  stop: 4,
  /** The `wakeups` count the thread had seen when it began its last checkpoint: the writes it covered. */
  covered: 5,
  /** Set by the writer while it waits for the thread, which then checkpoints without its rest. */
  urgent: 6,
} as const;

export const CELL_COUNT = 7;

/**
 * The least time between two of the thread's checkpoints unless the writer waits: each checkpoint
 * syncs the WAL and the database, and one per write transaction cost more CPU than it saved.
 */
export const CHECKPOINT_REST_MS = 25;

/** With no write to wake it, the thread still checkpoints this often. */
export const IDLE_CHECKPOINT_MS = 1_000;
