/**
 * Messages between the live-updates suite and its subscriber processes.
 * A round is one task run (or one baseline broadcast): the parent waits for
 * `roundEnded` from every process, then sends `collect` to fetch and reset
 * what each one received.
 */

export interface ConnectRequest {
  /** `trpc`: live.onTaskList; `socket`: Jellyfin's /socket feed; `bare`: the baseline broadcast server. */
  mode: 'trpc' | 'socket' | 'bare';
  /** The server's base URL, or for `bare` the WebSocket URL itself. */
  url: string;
  token: string;
  /** The task whose progress is followed; unused for `bare`. */
  taskId: string;
  intervalMs: number;
  /** Subscribers this process holds. */
  count: number;
}

export type ParentMessage = { type: 'connect'; request: ConnectRequest } | { type: 'collect' } | { type: 'close' };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'roundEnded' }
  /**
   * Deliveries since the last collect: the progress value (for `bare`, the
   * send time) and the arrival time in epoch milliseconds, by index.
   */
  | { type: 'deliveries'; values: number[]; arrivals: number[] };
