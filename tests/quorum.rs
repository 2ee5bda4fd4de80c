//! The Dynamo-style store on the ring: what each quorum setting promises, checked by the same
//! linearizability checker as the Raft clients.

use ringleader::check::linearizability::{self, Verdict};
use ringleader::quorum::{campaign, history, QActor, QInput, QuorumConfig, Ring};
use ringleader::raft::Op;
use ringleader::sim::{Action, Command, Duration, NodeId, Sim, SimTime};

fn at(sim: &mut Sim<QActor>, ms: u64, action: Action<QInput>) {
    sim.schedule(Command {
        at: SimTime::from_millis(ms),
        action,
    })
    .unwrap();
}

fn put(key: &str, value: &str) -> QInput {
    QInput::Submit(Op::Put {
        key: key.into(),
        value: value.into(),
    })
}

fn get(key: &str) -> QInput {
    QInput::Submit(Op::Get { key: key.into() })
}

/// Three nodes, every key on all three. The writer C1 reaches only the key's first replica,
/// the reader C2 every replica but that one. C1 writes x = 1, then C2 reads x.
fn write_then_read_around_it(w: u8, r: u8) -> (Vec<ringleader::raft::HistoryOp>, Verdict) {
    let config = QuorumConfig {
        nodes: 3,
        clients: 2,
        n: 3,
        w,
        r,
        ..QuorumConfig::default()
    };
    let first = Ring::new(3, config.vnodes).order("x")[0];
    let mut sim = config.build(1);
    let (c1, c2) = (NodeId(3), NodeId(4));
    for node in (0..3).map(NodeId).filter(|&n| n != first) {
        at(&mut sim, 0, Action::Cut { from: c1, to: node });
        at(&mut sim, 0, Action::Cut { from: node, to: c1 });
    }
    at(
        &mut sim,
        0,
        Action::Cut {
            from: c2,
            to: first,
        },
    );
    at(
        &mut sim,
        0,
        Action::Cut {
            from: first,
            to: c2,
        },
    );
    at(&mut sim, 10, Action::Input(c1, put("x", "1")));
    at(&mut sim, 500, Action::Input(c2, get("x")));
    sim.run_until(SimTime::from_millis(1500)).unwrap();
    let h = history(&sim);
    let verdict = linearizability::check(&h);
    (h, verdict)
}

#[test]
fn with_r_plus_w_at_most_n_a_read_misses_a_completed_write() {
    // W = 1, R = 1: the write completes on one replica, the read asks another.
    let (h, verdict) = write_then_read_around_it(1, 1);
    let write = h.iter().find(|o| matches!(o.op, Op::Put { .. })).unwrap();
    let read = h.iter().find(|o| matches!(o.op, Op::Get { .. })).unwrap();
    assert!(write.completed.is_some(), "{h:?}");
    assert_eq!(read.completed.as_ref().unwrap().1.value, None, "{h:?}");
    assert!(matches!(verdict, Verdict::Violation(_)), "{verdict:?}");
    // W = 2, R = 2: the write cannot gather two acknowledgements, so it never completes;
    // a read that does not see it is then no contradiction.
    let (h, verdict) = write_then_read_around_it(2, 2);
    let write = h.iter().find(|o| matches!(o.op, Op::Put { .. })).unwrap();
    assert!(write.completed.is_none(), "{h:?}");
    assert_eq!(verdict, Verdict::Linearizable);
}

fn first_violation(config: &QuorumConfig, seeds: u64) -> Option<u64> {
    let chaos = SimTime::from_millis(4000);
    let until = chaos + Duration::from_millis(3000);
    (1..=seeds).find(|&s| campaign::run(s, config, chaos, until).violated())
}

fn store(n: u8, w: u8, r: u8) -> QuorumConfig {
    QuorumConfig {
        nodes: 5,
        clients: 3,
        n,
        w,
        r,
        ..QuorumConfig::default()
    }
}

#[test]
fn overlapping_quorums_with_write_back_are_linearizable_under_every_fault() {
    let config = QuorumConfig {
        write_back: true,
        ..store(3, 2, 2)
    };
    let chaos = SimTime::from_millis(4000);
    let until = chaos + Duration::from_millis(3000);
    let (mut answered, mut ops) = (0, 0);
    for seed in 1..=300 {
        let r = campaign::run(seed, &config, chaos, until);
        assert_eq!(r.verdict, Verdict::Linearizable, "seed {seed}");
        answered += r.answered;
        ops += r.ops;
    }
    // Not vacuous: most operations were answered.
    assert!(answered * 10 > ops * 7, "{answered} of {ops} answered");
}

#[test]
fn each_weaker_setting_is_caught_by_the_checker() {
    // R + W ≤ N: stale reads.
    assert!(first_violation(&store(3, 1, 1), 300).is_some());
    // R + W > N without write-back: a read sees a write still in progress, a later read
    // misses it.
    assert!(first_violation(&store(3, 2, 2), 1000).is_some());
    // A sloppy quorum: during a partition, writes land on stand-ins the readers on the
    // other side never ask.
    let sloppy = QuorumConfig {
        write_back: true,
        sloppy: true,
        ..store(3, 2, 2)
    };
    assert!(first_violation(&sloppy, 1000).is_some());
}

#[test]
fn a_seed_is_the_same_run_every_time() {
    let config = QuorumConfig {
        read_repair: true,
        sloppy: true,
        ..store(3, 2, 2)
    };
    let chaos = SimTime::from_millis(2000);
    let a = campaign::run(7, &config, chaos, chaos + Duration::from_millis(2000));
    let b = campaign::run(7, &config, chaos, chaos + Duration::from_millis(2000));
    assert_eq!(
        (a.trace_hash, a.ops, a.answered),
        (b.trace_hash, b.ops, b.answered)
    );
    assert!(a.ops > 20);
}

#[test]
fn hinted_handoff_brings_a_stand_in_s_value_home() {
    // N = 1 on three nodes: x belongs to one node. It is down while C1 writes, so the
    // sloppy quorum writes to the next node on the ring, which keeps a hint. Once the owner
    // is back, the hint is handed over and the stand-in forgets it.
    let config = QuorumConfig {
        nodes: 3,
        clients: 1,
        n: 1,
        w: 1,
        r: 1,
        sloppy: true,
        ..QuorumConfig::default()
    };
    let order = Ring::new(3, config.vnodes).order("x");
    let (owner, stand_in) = (order[0], order[1]);
    let mut sim = config.build(3);
    at(&mut sim, 0, Action::Crash(owner));
    at(&mut sim, 10, Action::Input(NodeId(3), put("x", "1")));
    sim.run_until(SimTime::from_millis(400)).unwrap();
    let h = history(&sim);
    assert!(h[0].completed.is_some(), "answered by the stand-in: {h:?}");
    let replica = |sim: &Sim<QActor>, id: NodeId| sim.node(id).as_replica().unwrap().view().clone();
    assert!(replica(&sim, stand_in)
        .hints
        .contains_key(&(owner, "x".to_string())));
    assert!(!replica(&sim, owner).store.contains_key("x"));
    at(&mut sim, 500, Action::Restart(owner));
    sim.run_until(SimTime::from_millis(1500)).unwrap();
    assert_eq!(
        replica(&sim, owner).store.get("x").map(|(_, v)| v.clone()),
        Some(Some("1".to_string()))
    );
    assert!(replica(&sim, stand_in).hints.is_empty());
}

/// The trace hash of one campaign seed of the store, pinned; tests/web.rs checks the same
/// value in the browser.
#[test]
fn golden_store_trace_hash_is_the_same_in_the_browser() {
    assert_eq!(format!("{:016x}", golden_store_run()), GOLDEN_STORE);
}

pub fn golden_store_run() -> u64 {
    let config = QuorumConfig {
        write_back: true,
        read_repair: true,
        sloppy: true,
        ..store(3, 2, 2)
    };
    let chaos = SimTime::from_millis(2000);
    campaign::run(11, &config, chaos, chaos + Duration::from_millis(2000)).trace_hash
}

const GOLDEN_STORE: &str = "6371cec4903302b9";
