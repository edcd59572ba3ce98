// Time limits for many calls with one timer instead of a setTimeout and clearTimeout per call. Calls with the same
// limit fall due in the order they started, so each limit keeps its calls in a first-in-first-out queue and one
// timer armed for the oldest call still open; ending a call is a flag, not a timer operation. Ended calls leave
// the queue when the timer passes them, or sooner when they outnumber the open ones, so the queue stays about as
// long as the number of calls in flight. The timer is unref'd: an open call (a fetch) keeps the process alive itself.

/** A call with a time limit: `expire` runs once if the limit passes before `end`. */
export type DeadlineOwner = { expire(): void };

export type Deadline = {
  readonly at: number;
  /** Cleared by `end` (or after `expire` ran), so an ended call's owner is not kept alive by the queue. */
  owner: DeadlineOwner | undefined;
};

type Lane = { deadlines: Deadline[]; head: number; open: number; timer: ReturnType<typeof setTimeout> | undefined; timerAt: number };

const lanes = new Map<number, Lane>();

function laneFor(limitMs: number): Lane {
  let lane = lanes.get(limitMs);
  if (!lane) {
    lane = { deadlines: [], head: 0, open: 0, timer: undefined, timerAt: Infinity };
    lanes.set(limitMs, lane);
  }
  return lane;
}

function arm(lane: Lane, at: number): void {
  if (lane.timer !== undefined && lane.timerAt <= at) return;
  if (lane.timer !== undefined) clearTimeout(lane.timer);
  lane.timerAt = at;
  lane.timer = setTimeout(fire, Math.max(0, at - performance.now()), lane);
  lane.timer.unref();
}

function fire(lane: Lane): void {
  lane.timer = undefined;
  lane.timerAt = Infinity;
  const now = performance.now();
  const deadlines = lane.deadlines;
  while (lane.head < deadlines.length) {
    const deadline = deadlines[lane.head]!;
    const owner = deadline.owner;
    if (owner && deadline.at > now) {
      arm(lane, deadline.at);
      break;
    }
    lane.head++;
    if (owner) {
      deadline.owner = undefined;
      lane.open--;
      try {
        owner.expire();
      } catch {
        // One owner's failure must not leave the calls after it without a timer.
      }
    }
  }
  compact(lane);
}

/** Drops ended calls once they make up most of the queue. */
function compact(lane: Lane): void {
  const queued = lane.deadlines.length - lane.head;
  if (queued === 0) {
    lane.deadlines = [];
    lane.head = 0;
  } else if (lane.head > 1024 || queued > 2 * lane.open + 64) {
    lane.deadlines = lane.deadlines.slice(lane.head).filter((deadline) => deadline.owner !== undefined);
    lane.head = 0;
  }
}

/** Starts the clock on a call: `owner.expire()` runs after `limitMs` unless `endDeadline` comes first. */
export function startDeadline(limitMs: number, owner: DeadlineOwner): Deadline {
  const lane = laneFor(limitMs);
  const deadline: Deadline = { at: performance.now() + limitMs, owner };
  lane.deadlines.push(deadline);
  lane.open++;
  arm(lane, deadline.at);
  return deadline;
}

/** The call ended in time (or failed): its limit no longer applies. Extra calls do nothing. */
export function endDeadline(limitMs: number, deadline: Deadline): void {
  if (deadline.owner === undefined) return;
  deadline.owner = undefined;
  const lane = laneFor(limitMs);
  lane.open--;
  if (lane.deadlines.length - lane.head > 2 * lane.open + 64) compact(lane);
}
