//! The run as a history that can be replayed, rewound and forked.
//!
//! The timeline records the most recent events (the trace) and messages, and keeps a snapshot
//! of the simulation every `SNAPSHOT_EVERY` events. Seeking restores the nearest snapshot at or
//! before the target and re-simulates the rest, which is exact because the run is
//! deterministic. Acting at an earlier moment forks: the old future (its events and the user's
//! later actions) is discarded and the new action is appended.
//!
//! Memory stays bounded however long a run plays: past `window` events the oldest records
//! are dropped, and so are most older snapshots: at most `MAX_SPARSE` of them are kept, evenly
//! spaced (the spacing doubles as the run grows), and the start. Every earlier moment can
//! still be reached: seeking there replays from a kept snapshot, and its events are lent to
//! the observer as replays.

use super::engine::{Action, Cause, Command, Envelope, Fate, Node, Sim, SimError, Trace};
use super::time::SimTime;
use super::MsgId;

/// Snapshot interval: a seek within the recorded window re-simulates at most this many events.
pub const SNAPSHOT_EVERY: u64 = 2048;
/// Snapshots kept before the recorded window at most (besides the start). A snapshot holds
/// every server's log, which grows with each election, so their number must not grow with the
/// run.
const MAX_SPARSE: usize = 16;
/// Events recorded in full by default: minutes of a busy nine-server run, tens of MiB.
pub const DEFAULT_WINDOW: u64 = 100_000;

/// A message over its whole life, for drawing and inspecting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRecord<M> {
    pub envelope: Envelope<M>,
    /// The index of the event whose handler sent it.
    pub sent_by: u64,
    /// Delivered or dropped: the index of the event that ended it. Until then, in flight.
    pub ended_by: Option<u64>,
    pub fate: Fate,
}

/// Called with the state after an event, the event, and whether the event is new (first
/// computed) rather than replayed.
pub type Observer<'a, N> = dyn FnMut(&Sim<N>, &Trace<N>, bool) + 'a;

pub struct Timeline<N: Node> {
    sim: Sim<N>,
    /// The index of the first recorded event: `trace` holds events `first..computed()`.
    first: u64,
    trace: Vec<Trace<N>>,
    /// The id of the first recorded message: `messages[i]` is the message `first_msg + i`.
    first_msg: u64,
    messages: Vec<MessageRecord<N::Msg>>,
    /// (events processed, state), by event index.
    snapshots: Vec<(u64, Sim<N>)>,
    max_events: u64,
    window: u64,
    /// The spacing of the snapshots kept before the window (a multiple of `SNAPSHOT_EVERY`).
    sparse_every: u64,
    forked_at: Option<u64>,
    /// An event replayed from before the recorded window, lent to the observer.
    replayed: Option<Trace<N>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimelineError {
    Sim(SimError),
    /// The trace reached its bound; the run cannot go further.
    TraceFull {
        limit: u64,
    },
}

impl std::fmt::Display for TimelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimelineError::Sim(e) => e.fmt(f),
            TimelineError::TraceFull { limit } => {
                write!(f, "the run reached its length limit of {limit} events")
            }
        }
    }
}

impl From<SimError> for TimelineError {
    fn from(e: SimError) -> Self {
        TimelineError::Sim(e)
    }
}

impl<N: Node> Timeline<N> {
    pub fn new(sim: Sim<N>) -> Self {
        assert_eq!(
            sim.events(),
            0,
            "a timeline starts at the beginning of a run"
        );
        Timeline {
            snapshots: vec![(0, sim.clone())],
            sim,
            first: 0,
            trace: Vec::new(),
            first_msg: 0,
            messages: Vec::new(),
            max_events: 5_000_000,
            window: DEFAULT_WINDOW,
            sparse_every: SNAPSHOT_EVERY * 8,
            forked_at: None,
            replayed: None,
        }
    }

    pub fn with_max_events(mut self, max_events: u64) -> Self {
        self.max_events = max_events;
        self
    }

    /// Record at most about `window` events in full (at least one snapshot interval).
    pub fn with_window(mut self, window: u64) -> Self {
        self.window = window.max(SNAPSHOT_EVERY);
        self
    }

    /// The simulation state at the cursor.
    pub fn sim(&self) -> &Sim<N> {
        &self.sim
    }
    /// How many events have been processed at the cursor.
    pub fn cursor(&self) -> u64 {
        self.sim.events()
    }
    /// How many events of the run have been computed (the head; after a step back, more than
    /// the cursor).
    pub fn computed(&self) -> u64 {
        self.first + self.trace.len() as u64
    }
    /// The index of the first recorded event (0 until the run outgrows its window).
    pub fn first_recorded(&self) -> u64 {
        self.first
    }
    /// The recorded events, `first_recorded()..computed()` (possibly beyond the cursor, after
    /// a step back).
    pub fn trace(&self) -> &[Trace<N>] {
        &self.trace
    }
    /// The recorded events up to the cursor.
    pub fn trace_to_cursor(&self) -> &[Trace<N>] {
        let end = self.cursor().saturating_sub(self.first) as usize;
        &self.trace[..end.min(self.trace.len())]
    }
    pub fn message(&self, id: MsgId) -> Option<&MessageRecord<N::Msg>> {
        let i = id.0.checked_sub(self.first_msg)?;
        usize::try_from(i).ok().and_then(|i| self.messages.get(i))
    }
    /// The recorded messages, by id (in flight at the cursor: `sim().in_flight()`).
    pub fn messages(&self) -> &[MessageRecord<N::Msg>] {
        &self.messages
    }
    /// How many snapshots are kept (bounded however long the run).
    pub fn snapshots_kept(&self) -> usize {
        self.snapshots.len()
    }
    /// Set when the user acted in the past and the old future was discarded.
    pub fn forked_at(&self) -> Option<u64> {
        self.forked_at
    }

    /// Process the next event (replaying the recorded trace if the cursor is behind it).
    pub fn step(&mut self) -> Result<Option<&Trace<N>>, TimelineError> {
        self.step_with(&mut |_, _, _| {})
    }

    /// `step`, calling `observe(state after the event, the event, whether it is new)` for the
    /// processed event; an observer (the safety checker) sees every new event exactly once.
    pub fn step_with(
        &mut self,
        observe: &mut Observer<'_, N>,
    ) -> Result<Option<&Trace<N>>, TimelineError> {
        let at = self.cursor();
        if at >= self.max_events {
            return Err(TimelineError::TraceFull {
                limit: self.max_events,
            });
        }
        if at % SNAPSHOT_EVERY == 0 && at >= self.first && !self.has_snapshot(at) {
            self.snapshots.push((at, self.sim.clone()));
        }
        let Some(ev) = self.sim.step()? else {
            return Ok(None);
        };
        if at >= self.computed() {
            self.record_messages(&ev);
            self.trace.push(ev);
            self.trim();
            let ev = self.trace.last().expect("just pushed");
            observe(&self.sim, ev, true);
            return Ok(Some(ev));
        }
        if at >= self.first {
            let i = (at - self.first) as usize;
            debug_assert_eq!(self.trace[i], ev, "a replay diverged from the recorded run");
            observe(&self.sim, &self.trace[i], false);
            return Ok(Some(&self.trace[i]));
        }
        // Before the recorded window: lend the replayed event.
        let ev = self.replayed.insert(ev);
        observe(&self.sim, ev, false);
        Ok(Some(ev))
    }

    fn has_snapshot(&self, at: u64) -> bool {
        self.snapshots
            .binary_search_by_key(&at, |(k, _)| *k)
            .is_ok()
    }

    /// Past the window, drop the oldest records (a whole snapshot interval at a time, so the
    /// window starts at a snapshot) and thin the older snapshots to at most `MAX_SPARSE`.
    fn trim(&mut self) {
        if (self.trace.len() as u64) < self.window + SNAPSHOT_EVERY {
            return;
        }
        let computed = self.computed();
        let first = (computed - self.window) / SNAPSHOT_EVERY * SNAPSHOT_EVERY;
        if first <= self.first || !self.has_snapshot(first) {
            return;
        }
        self.trace.drain(..(first - self.first) as usize);
        self.first = first;
        let keep = self.messages.partition_point(|m| m.sent_by < first);
        self.messages.drain(..keep);
        self.first_msg += keep as u64;
        loop {
            let every = self.sparse_every;
            self.snapshots
                .retain(|(k, _)| *k >= first || *k == 0 || *k % every == 0);
            let sparse = self.snapshots.iter().filter(|(k, _)| *k < first).count();
            if sparse <= MAX_SPARSE + 1 {
                break;
            }
            self.sparse_every *= 2;
        }
    }

    fn record_messages(&mut self, ev: &Trace<N>) {
        for env in &ev.sent {
            if self.messages.is_empty() {
                self.first_msg = env.id.0;
            }
            debug_assert_eq!(env.id.0, self.first_msg + self.messages.len() as u64);
            let ended = env.fate_at_send != Fate::InFlight;
            self.messages.push(MessageRecord {
                envelope: env.clone(),
                sent_by: ev.index,
                ended_by: ended.then_some(ev.index),
                fate: env.fate_at_send,
            });
        }
        let ended = match &ev.cause {
            Cause::Deliver { msg, .. } => Some((*msg, Fate::Delivered)),
            Cause::Drop { msg, reason, .. } => Some((*msg, Fate::Dropped(*reason))),
            _ => None,
        };
        if let Some((id, fate)) = ended {
            // A message sent before the window is no longer recorded.
            if let Some(i) = id.0.checked_sub(self.first_msg) {
                if let Some(rec) = self.messages.get_mut(i as usize) {
                    rec.ended_by = Some(ev.index);
                    rec.fate = fate;
                }
            }
        }
    }

    /// Run forward until the clock reaches `t` (processing every event at or before `t`).
    pub fn run_until(&mut self, t: SimTime) -> Result<(), TimelineError> {
        self.run_until_with(t, &mut |_, _, _| {})
    }

    /// `run_until`, observing every processed event (see `step_with`).
    pub fn run_until_with(
        &mut self,
        t: SimTime,
        observe: &mut Observer<'_, N>,
    ) -> Result<(), TimelineError> {
        while self.sim.next_time().is_some_and(|next| next <= t) {
            self.step_with(observe)?;
        }
        self.sim.advance_clock(t);
        Ok(())
    }

    /// Put the cursor after `events` events (clamped to what has been computed).
    pub fn seek_event(&mut self, events: u64) -> Result<(), TimelineError> {
        let target = events.min(self.computed());
        let restore = self
            .snapshots
            .iter()
            .rev()
            .find(|(k, _)| *k <= target)
            .map(|(k, _)| *k)
            .unwrap_or(0);
        if target < self.cursor() || restore > self.cursor() {
            self.restore(restore);
        }
        while self.cursor() < target {
            self.step()?;
        }
        Ok(())
    }

    /// Go back to the snapshot taken after `events` events, keeping the command log.
    fn restore(&mut self, events: u64) {
        let Some((_, snap)) = self.snapshots.iter().find(|(k, _)| *k == events) else {
            return;
        };
        let pending: Vec<_> = self.sim.commands().to_vec();
        self.sim = snap.clone();
        // The snapshot may predate commands added since; give it the current log.
        let applied = self.sim.applied_commands();
        self.sim.set_pending_commands(&pending[applied..]);
    }

    /// Put the cursor at virtual time `t`: after every event at or before `t`.
    pub fn seek_time(&mut self, t: SimTime) -> Result<(), TimelineError> {
        let recorded = self.first == 0 || self.trace.first().is_some_and(|e| e.time <= t);
        if !recorded {
            // Before the window: replay from the last snapshot not after `t`.
            let from = self
                .snapshots
                .iter()
                .rev()
                .find(|(_, sim)| sim.now() <= t)
                .map_or(0, |(k, _)| *k);
            self.restore(from);
            while self.sim.next_time().is_some_and(|next| next <= t) {
                self.step()?;
            }
            self.sim.advance_clock(t);
            return Ok(());
        }
        let k = self.first + self.trace.partition_point(|e| e.time <= t) as u64;
        self.seek_event(k)?;
        if k == self.computed() {
            self.run_until(t)?;
        } else {
            self.sim.advance_clock(t);
        }
        Ok(())
    }

    /// Put the cursor after `events` events with the clock at `t` (a moment may sit between
    /// events, or among several events of one instant), as a share link records it.
    pub fn seek_moment(&mut self, events: u64, t: SimTime) -> Result<(), TimelineError> {
        self.seek_event(events)?;
        if self.sim.now() < t && self.sim.next_time().is_none_or(|next| next > t) {
            self.sim.advance_clock(t);
        }
        Ok(())
    }

    /// Drop the actions scheduled for later that have not happened yet (a scenario's future
    /// steps, when the viewer takes the run over). At the head of the run only: behind it,
    /// the recorded future depends on them (acting there forks instead).
    pub fn drop_pending_actions(&mut self) {
        if self.cursor() == self.computed() {
            self.sim.set_pending_commands(&[]);
        }
    }

    /// Schedule an action at the cursor's moment. Behind the head of the run this forks: the
    /// recorded future and any later actions are discarded. Returns whether it forked.
    pub fn act(&mut self, action: Action<N::Input>) -> Result<bool, TimelineError> {
        let at = self.sim.earliest_command_time();
        self.act_at(at, action)
    }

    pub fn act_at(&mut self, at: SimTime, action: Action<N::Input>) -> Result<bool, TimelineError> {
        let cursor = self.cursor();
        let forks = cursor < self.computed();
        if forks {
            // The recorded future, and the actions that were part of it, are discarded.
            if cursor < self.first {
                // The cursor is before the recorded window: nothing recorded survives.
                self.first = cursor;
            }
            self.trace.truncate((cursor - self.first) as usize);
            let keep = self.messages.partition_point(|m| m.sent_by < cursor);
            self.messages.truncate(keep);
            for m in &mut self.messages {
                if m.ended_by.is_some_and(|e| e >= cursor) {
                    m.ended_by = None;
                    m.fate = Fate::InFlight;
                }
            }
            self.snapshots.retain(|(k, _)| *k <= cursor);
            self.sim.set_pending_commands(&[]);
            self.forked_at = Some(cursor);
        }
        self.sim.schedule(Command { at, action })?;
        Ok(forks)
    }
}
