import { useLiveConnection } from '../../app/live-connection';

/** Whether pushes are reaching this screen: said plainly, so staff know when what they see may be behind. */
export function LiveState() {
  const state = useLiveConnection();
  if (state === 'connected') return <span className="live-state live-state-on">Live</span>;
  if (state === 'reconnecting') return <span className="live-state live-state-off">Reconnecting… changes will show once back</span>;
  return <span className="live-state">Connecting…</span>;
}
