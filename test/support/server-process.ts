/** Real server processes for tests of several nodes, crashes and restarts (the bench uses them too). */
export { startServerProcess, type ServerProcess } from '../../server/src/scripts/server-process';
