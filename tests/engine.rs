//! The simulation engine, proven with the ping node before any protocol runs on it.

use ringleader::sim::ping::{ping_sim, PingNode, PingTimer};
use ringleader::sim::{
    Action, Cause, Command, DropReason, Duration, Fate, Limits, NodeId, Sim, SimError, SimTime,
    Timeline, TimerKind, SNAPSHOT_EVERY,
};

fn run(seed: u64, n: u8, until_ms: u64, commands: &[Command<()>]) -> Sim<PingNode> {
    let mut sim = ping_sim(seed, n);
    for c in commands {
        sim.schedule(c.clone()).unwrap();
    }
    sim.run_until(SimTime::from_millis(until_ms)).unwrap();
    sim
}

fn at(ms: u64, action: Action<()>) -> Command<()> {
    Command {
        at: SimTime::from_millis(ms),
        action,
    }
}

#[test]
fn the_same_seed_and_commands_give_the_same_trace_hash() {
    let cmds = [
        at(0, Action::SetLoss { ppm: 200_000 }),
        at(300, Action::Crash(NodeId(1))),
        at(700, Action::Restart(NodeId(1))),
    ];
    let a = run(42, 5, 2000, &cmds);
    let b = run(42, 5, 2000, &cmds);
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.stats(), b.stats());
    assert_ne!(a.trace_hash(), run(43, 5, 2000, &cmds).trace_hash());
    assert_ne!(a.trace_hash(), run(42, 5, 2000, &cmds[..2]).trace_hash());
}

#[test]
fn golden_trace_hash_is_the_same_in_the_browser() {
    // tests/web.rs checks the same figure under wasm32 in headless Chromium.
    let sim = run(
        7,
        5,
        2000,
        &[
            at(0, Action::SetLoss { ppm: 100_000 }),
            at(500, Action::Crash(NodeId(1))),
        ],
    );
    assert_eq!(format!("{:016x}", sim.trace_hash()), "84e294bb16fb8d55");
}

#[test]
fn events_come_out_in_time_order() {
    let mut sim = ping_sim(3, 4);
    sim.schedule(at(
        0,
        Action::SetLatency {
            min: Duration::from_millis(1),
            max: Duration::from_millis(90),
        },
    ))
    .unwrap();
    let mut last = SimTime::ZERO;
    let mut n = 0;
    while let Some(ev) = sim.step().unwrap() {
        assert!(ev.time >= last, "{:?} after {:?}", ev.time, last);
        assert_eq!(ev.index, n);
        last = ev.time;
        n += 1;
        if n == 5000 {
            break;
        }
    }
}

#[test]
fn loss_does_not_disturb_the_timer_stream() {
    // Independent streams: the ping timers draw their jitter from each node's own stream, so
    // turning loss on changes which messages arrive but not when any node's timer fires.
    let timer_times = |loss| {
        let mut sim = ping_sim(9, 3);
        sim.schedule(at(0, Action::SetLoss { ppm: loss })).unwrap();
        let mut times = Vec::new();
        while let Some(ev) = sim.step().unwrap() {
            if let Cause::Timer { node, timer } = ev.cause {
                times.push((node, timer, ev.time));
            }
            if sim.now() > SimTime::from_millis(3000) {
                break;
            }
        }
        times
    };
    let calm = timer_times(0);
    let lossy = timer_times(500_000);
    assert!(calm.len() > 50);
    assert_eq!(calm, lossy);
    assert!(calm.iter().all(|(_, t, _)| *t == PingTimer::Tick));
}

#[test]
fn a_one_way_cut_drops_one_direction_only() {
    let sim = run(
        1,
        2,
        1000,
        &[at(
            0,
            Action::Cut {
                from: NodeId(0),
                to: NodeId(1),
            },
        )],
    );
    // N1's pings never reach N2, so N1 gets no pongs; N2's pings reach N1 but the pongs die.
    assert_eq!(sim.views()[0].pongs, 0);
    assert_eq!(sim.views()[1].pongs, 0);
    assert!(sim.stats().cut > 0);
    let healed = run(
        1,
        2,
        1000,
        &[
            at(
                0,
                Action::Cut {
                    from: NodeId(0),
                    to: NodeId(1),
                },
            ),
            at(
                500,
                Action::Heal {
                    from: NodeId(0),
                    to: NodeId(1),
                },
            ),
        ],
    );
    assert!(healed.views()[0].pongs > 0);
}

#[test]
fn a_crashed_node_receives_nothing_and_keeps_only_persistent_state() {
    let mut sim = ping_sim(5, 3);
    sim.schedule(at(250, Action::Crash(NodeId(2)))).unwrap();
    sim.schedule(at(600, Action::Restart(NodeId(2)))).unwrap();
    sim.run_until(SimTime::from_millis(590)).unwrap();
    assert!(!sim.is_alive(NodeId(2)));
    assert_eq!(sim.views()[2].round, 0, "volatile state is lost");
    assert_eq!(
        sim.timers_of(NodeId(2)).count(),
        0,
        "a dead node has no timers"
    );
    assert!(sim.stats().to_down_node > 0);
    sim.run_until(SimTime::from_millis(1000)).unwrap();
    assert!(sim.is_alive(NodeId(2)));
    assert_eq!(sim.views()[2].boots, 2, "persistent state survives");
    assert!(sim.views()[2].round > 0);
}

#[test]
fn lost_messages_die_halfway_and_are_reported_as_lost() {
    let mut sim = ping_sim(2, 3);
    sim.schedule(at(0, Action::SetLoss { ppm: 1_000_000 }))
        .unwrap();
    let mut drops = 0;
    while let Some(ev) = sim.step().unwrap() {
        for env in &ev.sent {
            assert!(env.lost);
            let (lo, hi) = (Duration::from_millis(5), Duration::from_millis(10));
            let flight = env.arrives_at - env.sent_at;
            assert!(flight >= lo && flight <= hi, "{flight}");
        }
        if let Cause::Drop { reason, .. } = ev.cause {
            assert_eq!(reason, DropReason::Loss);
            drops += 1;
        }
        if sim.now() > SimTime::from_millis(500) {
            break;
        }
    }
    assert!(drops > 10);
    assert_eq!(sim.stats().delivered, 0);
}

#[test]
fn duplication_delivers_extra_copies() {
    let sim = run(
        4,
        3,
        2000,
        &[at(0, Action::SetDuplication { ppm: 500_000 })],
    );
    let s = sim.stats();
    assert!(s.duplicated > 20, "{s:?}");
    assert_eq!(s.delivered, s.sent, "nothing lost, copies included");
}

#[test]
fn commands_in_the_past_or_for_unknown_nodes_are_refused() {
    let mut sim = ping_sim(1, 3);
    sim.run_until(SimTime::from_millis(100)).unwrap();
    assert!(matches!(
        sim.schedule(at(50, Action::Crash(NodeId(0)))),
        Err(SimError::CommandInPast { .. })
    ));
    assert_eq!(
        sim.schedule(at(200, Action::Crash(NodeId(9)))),
        Err(SimError::NoSuchNode(NodeId(9)))
    );
    assert!(sim.schedule(at(200, Action::Crash(NodeId(2)))).is_ok());
}

#[test]
fn a_full_queue_stops_the_run_with_a_clear_error() {
    let mut sim = ping_sim(1, 40).with_limits(Limits { max_queue: 100 });
    let err = sim.run_until(SimTime::from_millis(1000)).unwrap_err();
    assert_eq!(err, SimError::QueueFull { limit: 100 });
    assert!(err.to_string().contains("queue is full"));
    assert_eq!(sim.step().unwrap_err(), err, "the run stays stopped");
}

#[test]
fn stepping_back_and_forward_returns_identical_states() {
    let mut tl = Timeline::new(ping_sim(11, 5));
    tl.act_at(SimTime::ZERO, Action::SetLoss { ppm: 200_000 })
        .unwrap();
    tl.run_until(SimTime::from_millis(6000)).unwrap();
    let end = tl.cursor();
    let end_hash = tl.sim().trace_hash();
    assert!(end > 2000, "long enough to cross snapshots: {end}");
    for target in [0, 1, 511, 512, 513, end / 2, end - 1] {
        tl.seek_event(target).unwrap();
        assert_eq!(tl.cursor(), target);
        let hash_here = tl.sim().trace_hash();
        tl.seek_event(end).unwrap();
        assert_eq!(tl.sim().trace_hash(), end_hash);
        tl.seek_event(target).unwrap();
        assert_eq!(tl.sim().trace_hash(), hash_here);
    }
}

#[test]
fn seeking_by_time_lands_after_every_event_at_that_time() {
    let mut tl = Timeline::new(ping_sim(2, 3));
    tl.run_until(SimTime::from_millis(1000)).unwrap();
    tl.seek_time(SimTime::from_millis(400)).unwrap();
    assert_eq!(tl.sim().now(), SimTime::from_millis(400));
    let k = tl.cursor() as usize;
    assert!(tl.trace()[..k]
        .iter()
        .all(|e| e.time <= SimTime::from_millis(400)));
    assert!(tl.trace()[k].time > SimTime::from_millis(400));
}

#[test]
fn acting_in_the_past_forks_and_equals_a_fresh_run_with_that_action() {
    let mut tl = Timeline::new(ping_sim(8, 4));
    tl.run_until(SimTime::from_millis(2000)).unwrap();
    tl.seek_time(SimTime::from_millis(700)).unwrap();
    let forked = tl.act(Action::Crash(NodeId(3))).unwrap();
    assert!(forked);
    assert!(tl.forked_at().is_some());
    tl.run_until(SimTime::from_millis(2000)).unwrap();

    let crash_at = match &tl
        .trace()
        .iter()
        .find(|e| matches!(e.cause, Cause::Command(_)))
    {
        Some(e) => e.time,
        None => panic!("the crash is in the trace"),
    };
    let fresh = run(
        8,
        4,
        2000,
        &[Command {
            at: crash_at,
            action: Action::Crash(NodeId(3)),
        }],
    );
    assert_eq!(tl.sim().trace_hash(), fresh.trace_hash());
    // Every message of the new history has a consistent fate.
    for m in tl.messages() {
        match m.fate {
            Fate::InFlight => assert!(m.ended_by.is_none()),
            _ => assert!(m.ended_by.is_some_and(|e| e < tl.cursor())),
        }
    }
}

#[test]
fn acting_at_the_head_does_not_fork() {
    let mut tl = Timeline::new(ping_sim(8, 4));
    tl.run_until(SimTime::from_millis(500)).unwrap();
    assert!(!tl.act(Action::Crash(NodeId(0))).unwrap());
    assert!(tl.forked_at().is_none());
}

/// Hash of a fresh run stopped after exactly `events` events.
fn hash_after_events(seed: u64, n: u8, events: u64) -> u64 {
    let mut sim = ping_sim(seed, n);
    while sim.events() < events {
        sim.step().unwrap();
    }
    sim.trace_hash()
}

#[test]
fn a_long_run_records_a_bounded_window_yet_every_moment_stays_reachable() {
    let window = 2 * SNAPSHOT_EVERY;
    let mut tl = Timeline::new(ping_sim(5, 6)).with_window(window);
    tl.run_until(SimTime::from_millis(600_000)).unwrap();
    let head = tl.cursor();
    let head_hash = tl.sim().trace_hash();
    assert!(head > 100 * SNAPSHOT_EVERY, "{head} events");
    // The records are bounded: the window plus at most one snapshot interval, and so are the
    // snapshots, however long the run.
    assert!(
        tl.trace().len() as u64 <= window + 2 * SNAPSHOT_EVERY,
        "{} recorded",
        tl.trace().len()
    );
    assert!(
        tl.snapshots_kept() <= 16 + 1 + 4,
        "{} snapshots",
        tl.snapshots_kept()
    );
    assert!(tl.first_recorded() > 0 && tl.first_recorded() % SNAPSHOT_EVERY == 0);
    assert_eq!(tl.computed(), head);
    assert!(tl
        .messages()
        .iter()
        .all(|m| m.sent_by >= tl.first_recorded()));
    // An early moment, long dropped from the records, replays exactly.
    tl.seek_event(777).unwrap();
    assert_eq!(tl.cursor(), 777);
    assert_eq!(tl.sim().trace_hash(), hash_after_events(5, 6, 777));
    // And so does the head again.
    tl.seek_event(head).unwrap();
    assert_eq!(tl.sim().trace_hash(), head_hash);
    // By time, before the window: after every event at or before that time.
    tl.seek_time(SimTime::from_millis(1_000)).unwrap();
    assert_eq!(tl.sim().now(), SimTime::from_millis(1_000));
    assert!(tl.sim().next_time().unwrap() > SimTime::from_millis(1_000));
    let mut fresh = ping_sim(5, 6);
    fresh.run_until(SimTime::from_millis(1_000)).unwrap();
    assert_eq!(tl.sim().trace_hash(), fresh.trace_hash());
}

#[test]
fn forking_before_the_recorded_window_equals_a_fresh_run_with_that_action() {
    let mut tl = Timeline::new(ping_sim(8, 4)).with_window(SNAPSHOT_EVERY);
    tl.run_until(SimTime::from_millis(60_000)).unwrap();
    assert!(tl.first_recorded() > 0);
    tl.seek_time(SimTime::from_millis(700)).unwrap();
    assert!(tl.cursor() < tl.first_recorded());
    let crash_at = tl.sim().earliest_command_time();
    assert!(tl.act(Action::Crash(NodeId(3))).unwrap(), "it forks");
    tl.run_until(SimTime::from_millis(60_000)).unwrap();
    let fresh = run(
        8,
        4,
        60_000,
        &[Command {
            at: crash_at,
            action: Action::Crash(NodeId(3)),
        }],
    );
    assert_eq!(tl.sim().trace_hash(), fresh.trace_hash());
}

#[test]
fn a_node_crashed_at_the_first_instant_never_starts_or_acts() {
    // The crash is a command at time zero, so it runs before the node's start event of the
    // same instant; the start must then be skipped, not arm the node's timers.
    let mut sim = ping_sim(5, 3);
    sim.schedule(at(0, Action::Crash(NodeId(2)))).unwrap();
    let mut sent_by_down = 0;
    while sim
        .next_time()
        .is_some_and(|t| t <= SimTime::from_millis(1000))
    {
        let ev = sim.step().unwrap().unwrap();
        sent_by_down += ev.sent.iter().filter(|e| e.from == NodeId(2)).count();
    }
    assert!(!sim.is_alive(NodeId(2)));
    assert_eq!(sim.views()[2].boots, 0, "it never booted");
    assert_eq!(sim.views()[2].round, 0, "it never pinged");
    assert_eq!(sim.timers_of(NodeId(2)).count(), 0);
    assert_eq!(sent_by_down, 0, "a down node sends nothing");
    sim.schedule(at(1001, Action::Restart(NodeId(2)))).unwrap();
    sim.run_until(SimTime::from_millis(1500)).unwrap();
    assert_eq!(sim.views()[2].boots, 1, "the restart is its first boot");
    assert!(sim.views()[2].round > 0);
}

#[test]
fn a_node_crashed_and_restarted_at_the_first_instant_boots_once() {
    let sim = run(
        5,
        3,
        1000,
        &[
            at(0, Action::Crash(NodeId(1))),
            at(0, Action::Restart(NodeId(1))),
        ],
    );
    assert_eq!(sim.views()[1].boots, 1);
    assert_eq!(
        sim.timers_of(NodeId(1)).count(),
        1,
        "one tick pending, not two"
    );
}

#[test]
fn a_paused_node_keeps_its_state_and_runs_what_waited_when_resumed() {
    let mut sim = ping_sim(9, 3);
    sim.run_until(SimTime::from_millis(450)).unwrap();
    let before = sim.views()[1].clone();
    assert!(before.round > 0);
    sim.schedule(at(451, Action::Pause(NodeId(1)))).unwrap();
    sim.schedule(at(900, Action::Resume(NodeId(1)))).unwrap();
    let (mut acted_while_paused, mut ran_at_resume) = (0, 0);
    while sim
        .next_time()
        .is_some_and(|t| t <= SimTime::from_millis(900))
    {
        let ev = sim.step().unwrap().unwrap();
        let by_n2 = ev.node == Some(NodeId(1)) || ev.sent.iter().any(|e| e.from == NodeId(1));
        if by_n2 && ev.time > SimTime::from_millis(451) && ev.time < SimTime::from_millis(900) {
            acted_while_paused += 1;
        }
        if by_n2 && ev.time == SimTime::from_millis(900) {
            ran_at_resume += 1;
        }
    }
    assert_eq!(acted_while_paused, 0, "a paused node is frozen");
    assert!(
        ran_at_resume > 4,
        "its tick and the pings that arrived ran at the resume: {ran_at_resume}"
    );
    let after = sim.views()[1].clone();
    assert_eq!(after.boots, 1, "a pause is not a restart");
    assert!(after.round > before.round, "volatile state survived");
    assert_eq!(sim.stats().to_down_node, 0);
}

#[test]
fn a_message_that_reached_a_paused_node_survives_a_later_cut() {
    let mut sim = ping_sim(9, 2);
    sim.schedule(at(150, Action::Pause(NodeId(1)))).unwrap();
    sim.schedule(at(
        300,
        Action::Cut {
            from: NodeId(0),
            to: NodeId(1),
        },
    ))
    .unwrap();
    sim.schedule(at(400, Action::Resume(NodeId(1)))).unwrap();
    let mut pongs_at_resume = 0;
    while sim
        .next_time()
        .is_some_and(|t| t <= SimTime::from_millis(400))
    {
        let ev = sim.step().unwrap().unwrap();
        if ev.time == SimTime::from_millis(400) {
            pongs_at_resume += ev.sent.iter().filter(|e| e.from == NodeId(1)).count();
        }
    }
    // N1's pings that arrived between 150 and 300 ms waited on the machine; the cut at 300 ms
    // cannot take them back, so N1 answers them when it resumes.
    assert!(pongs_at_resume >= 1, "{pongs_at_resume}");
}

#[test]
fn a_crash_during_a_pause_drops_what_waited() {
    let mut sim = ping_sim(9, 3);
    sim.schedule(at(120, Action::Pause(NodeId(2)))).unwrap();
    sim.schedule(at(500, Action::Crash(NodeId(2)))).unwrap();
    sim.run_until(SimTime::from_millis(499)).unwrap();
    assert!(sim.is_paused(NodeId(2)));
    assert_eq!(sim.stats().to_down_node, 0);
    sim.run_until(SimTime::from_millis(500)).unwrap();
    assert!(!sim.is_paused(NodeId(2)) && !sim.is_alive(NodeId(2)));
    assert!(
        sim.stats().to_down_node > 0,
        "the waiting pings died with it"
    );
    assert_eq!(sim.timers_of(NodeId(2)).count(), 0);
    sim.schedule(at(600, Action::Restart(NodeId(2)))).unwrap();
    sim.run_until(SimTime::from_millis(1000)).unwrap();
    assert_eq!(sim.views()[2].boots, 2);
}

#[test]
fn run_until_stops_at_its_instant_even_when_paused_nodes_have_events_due() {
    let mut sim = ping_sim(9, 3);
    sim.schedule(at(0, Action::Pause(NodeId(0)))).unwrap();
    sim.schedule(at(0, Action::Pause(NodeId(1)))).unwrap();
    sim.schedule(at(0, Action::Pause(NodeId(2)))).unwrap();
    sim.run_until(SimTime::from_millis(5000)).unwrap();
    assert_eq!(sim.next_time(), None, "everything waits");
    assert_eq!(sim.events(), 3, "only the three pauses happened");
    sim.schedule(at(5001, Action::Resume(NodeId(0)))).unwrap();
    sim.run_until(SimTime::from_millis(5001)).unwrap();
    assert_eq!(sim.views()[0].boots, 1, "its start waited for the resume");
}

/// The simulator's queue holds a timer as its kind's number and keeps a node's pending timers
/// sorted by it, so the numbering must follow the kinds' order (`timers_of` lists them so).
/// (That `ALL` lists every kind is asserted whenever a handler sets a timer.)
fn assert_numbered_in_order<T: TimerKind>() {
    for (i, kind) in T::ALL.iter().enumerate() {
        assert_eq!(usize::from(kind.code()), i, "{kind:?}");
    }
    assert!(T::ALL.windows(2).all(|w| w[0] < w[1]), "{:?}", T::ALL);
}

#[test]
fn every_node_types_timer_kinds_are_numbered_in_their_order() {
    assert_numbered_in_order::<PingTimer>();
    assert_numbered_in_order::<ringleader::raft::Timer>();
    assert_numbered_in_order::<ringleader::quorum::QTimer>();
}
