// A process for sqlite-checkpointer.test.ts: starts a checkpoint thread, waits for its first
// checkpoint, closes it with nothing else keeping the process alive, and says when that finished.
import SqliteDatabase from 'better-sqlite3';
import { SqliteCheckpointer } from './sqlite-checkpointer';

const writer = new SqliteDatabase(process.argv[2]!);
writer.pragma('journal_mode = WAL');
const checkpointer = new SqliteCheckpointer(process.argv[2]!, writer);
while (checkpointer.progress().checkpoints === 0) await new Promise((resolve) => setTimeout(resolve, 20));
await checkpointer.close();
writer.close();
console.log('closed');
