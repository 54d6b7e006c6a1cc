export { freePort } from '../../server/src/scripts/free-port';
