//! The run as a history that can be replayed, rewound and forked.
//!
//! The timeline keeps every processed event (the trace), the record of every message, and a
//! snapshot of the simulation every `SNAPSHOT_EVERY` events. Seeking restores the nearest
//! snapshot at or before the target and re-simulates the rest, which is exact because the run is
//! deterministic. Acting at an earlier moment forks: the old future (its events and the user's
//! later actions) is discarded and the new action is appended.

use super::engine::{Action, Cause, Command, Envelope, Fate, Node, Sim, SimError, Trace};
use super::time::SimTime;
use super::MsgId;

/// Snapshot interval: a seek re-simulates at most this many events.
pub const SNAPSHOT_EVERY: u64 = 512;

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
    trace: Vec<Trace<N>>,
    /// `messages[id]` is the message with `MsgId(id)`.
    messages: Vec<MessageRecord<N::Msg>>,
    snapshots: Vec<Sim<N>>,
    max_events: u64,
    forked_at: Option<u64>,
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
            snapshots: vec![sim.clone()],
            sim,
            trace: Vec::new(),
            messages: Vec::new(),
            max_events: 5_000_000,
            forked_at: None,
        }
    }

    pub fn with_max_events(mut self, max_events: u64) -> Self {
        self.max_events = max_events;
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
    /// Every event computed so far (possibly beyond the cursor, after a step back).
    pub fn trace(&self) -> &[Trace<N>] {
        &self.trace
    }
    pub fn message(&self, id: MsgId) -> Option<&MessageRecord<N::Msg>> {
        usize::try_from(id.0)
            .ok()
            .and_then(|i| self.messages.get(i))
    }
    /// Every message of the computed run, by id (in flight at the cursor: `sim().in_flight()`).
    pub fn messages(&self) -> &[MessageRecord<N::Msg>] {
        &self.messages
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
        if at % SNAPSHOT_EVERY == 0 && self.snapshots.len() as u64 == at / SNAPSHOT_EVERY {
            self.snapshots.push(self.sim.clone());
        }
        let Some(ev) = self.sim.step()? else {
            return Ok(None);
        };
        let i = at as usize;
        let new = i >= self.trace.len();
        if new {
            self.record_messages(&ev);
            self.trace.push(ev);
        } else {
            debug_assert_eq!(self.trace[i], ev, "a replay diverged from the recorded run");
        }
        observe(&self.sim, &self.trace[i], new);
        Ok(Some(&self.trace[i]))
    }

    fn record_messages(&mut self, ev: &Trace<N>) {
        for env in &ev.sent {
            debug_assert_eq!(env.id.0, self.messages.len() as u64);
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
            let rec = &mut self.messages[id.0 as usize];
            rec.ended_by = Some(ev.index);
            rec.fate = fate;
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
        let target = events.min(self.trace.len() as u64);
        if target < self.cursor() || target / SNAPSHOT_EVERY > self.cursor() / SNAPSHOT_EVERY {
            let snap = (target / SNAPSHOT_EVERY) as usize;
            let pending: Vec<_> = self.sim.commands().to_vec();
            self.sim = self.snapshots[snap].clone();
            // The snapshot may predate commands added since; give it the current log.
            let applied = self.sim.applied_commands();
            self.sim.set_pending_commands(&pending[applied..]);
        }
        while self.cursor() < target {
            self.step()?;
        }
        Ok(())
    }

    /// Put the cursor at virtual time `t`: after every event at or before `t`.
    pub fn seek_time(&mut self, t: SimTime) -> Result<(), TimelineError> {
        let k = self.trace.partition_point(|e| e.time <= t) as u64;
        self.seek_event(k)?;
        if k as usize == self.trace.len() {
            self.run_until(t)?;
        } else {
            self.sim.advance_clock(t);
        }
        Ok(())
    }

    /// Schedule an action at the cursor's moment. Behind the head of the run this forks: the
    /// recorded future and any later actions are discarded. Returns whether it forked.
    pub fn act(&mut self, action: Action<N::Input>) -> Result<bool, TimelineError> {
        let at = self.sim.earliest_command_time();
        self.act_at(at, action)
    }

    pub fn act_at(&mut self, at: SimTime, action: Action<N::Input>) -> Result<bool, TimelineError> {
        let cursor = self.cursor();
        let forks = (cursor as usize) < self.trace.len();
        if forks {
            // The recorded future, and the actions that were part of it, are discarded.
            self.trace.truncate(cursor as usize);
            let keep = self.messages.partition_point(|m| m.sent_by < cursor);
            self.messages.truncate(keep);
            for m in &mut self.messages {
                if m.ended_by.is_some_and(|e| e >= cursor) {
                    m.ended_by = None;
                    m.fate = Fate::InFlight;
                }
            }
            self.snapshots
                .truncate((cursor / SNAPSHOT_EVERY + 1) as usize);
            self.sim.set_pending_commands(&[]);
            self.forked_at = Some(cursor);
        }
        self.sim.schedule(Command { at, action })?;
        Ok(forks)
    }
}
