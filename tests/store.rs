//! The quorum store as the page plays it: each scenario's captions checked against its run,
//! share links of store runs, and the playground's controls.

use ringleader::playground::store::feed::StoreHappening;
use ringleader::playground::store::{default_config, LazyStore, Store, StoreIntent, StoreSetting};
use ringleader::playground::{Notice, Speed};
use ringleader::quorum::{self, QActor};
use ringleader::raft::{HistoryOp, Op};
use ringleader::scenario::store::{self, order_of_x, C1, C2};
use ringleader::share::{link, ShareError};
use ringleader::sim::{sort, NodeId, Sim, SimTime};

/// Play the current cue to its end, as a viewer who waits would.
fn play_cue(s: &mut Store) {
    s.apply(StoreIntent::SetSpeed(Speed::from_index(Speed::STEPS - 1)));
    s.apply(StoreIntent::Play(true));
    for _ in 0..10_000 {
        if !s.playing() {
            return;
        }
        s.tick(100_000);
    }
    panic!("the cue never ended");
}

fn open(id: &str) -> Store {
    let mut s = Store::new(1, default_config());
    let fx = s.apply(StoreIntent::OpenScenario(id.into()));
    assert!(fx.problems.is_empty(), "{:?}", fx.problems);
    s
}

/// Cue by cue: play it, check it, press next.
fn next(s: &mut Store) {
    s.apply(StoreIntent::NextCue);
}

/// Node `n`'s own value of x (not hints).
fn x_on(sim: &Sim<QActor>, n: NodeId) -> Option<String> {
    sim.node(n)
        .as_replica()
        .and_then(|r| r.view().store.get("x").cloned())
        .and_then(|(_, v)| v)
}

fn ops_of(sim: &Sim<QActor>, client: NodeId) -> Vec<HistoryOp> {
    quorum::history(sim)
        .into_iter()
        .filter(|h| h.client == client)
        .collect()
}

fn returned(h: &HistoryOp) -> Option<Option<String>> {
    h.completed.as_ref().map(|(_, r)| r.value.clone())
}

fn is_put(h: &HistoryOp, value: &str) -> bool {
    matches!(&h.op, Op::Put { value: v, .. } if v == value)
}

/// The store's feed, every line so far.
fn feed(s: &Store) -> Vec<StoreHappening> {
    s.feed(10_000).into_iter().map(|i| i.what).collect()
}

fn put_x(value: &str) -> Op {
    Op::Put {
        key: "x".into(),
        value: value.into(),
    }
}

#[test]
fn r_plus_w_at_most_n_a_read_misses_a_completed_write() {
    let o = order_of_x();
    let mut s = open("quorum-stale");
    play_cue(&mut s);
    next(&mut s);
    play_cue(&mut s);
    // "C1 puts x = 1: p0 acknowledges … the put completes. Its writes to p1 and p2 are dropped."
    let sim = s.sim();
    let put = &ops_of(sim, C1)[0];
    assert!(is_put(put, "1") && put.completed.is_some());
    // The split and the put were given at one instant; the engine applies the split first,
    // and the feed tells them in that order.
    let lines = s.feed(10_000);
    let split = lines
        .iter()
        .position(|i| matches!(i.what, StoreHappening::Partitioned { .. }));
    let call = lines
        .iter()
        .position(|i| matches!(&i.what, StoreHappening::Called { op, .. } if *op == put_x("1")));
    assert!(matches!((split, call), (Some(a), Some(b)) if a < b && lines[a].at == lines[b].at));
    assert_eq!(x_on(sim, o[0]).as_deref(), Some("1"));
    assert_eq!((x_on(sim, o[1]), x_on(sim, o[2])), (None, None));
    next(&mut s);
    play_cue(&mut s);
    // "the get returns ∅ although put x = 1 completed before the get began … ✗"
    let sim = s.sim();
    let get = &ops_of(sim, C2)[0];
    assert_eq!(returned(get), Some(None));
    assert!(get.invoked_at > put.completed.as_ref().unwrap().0);
    assert_eq!(s.verdict().ok, Some(false));
    next(&mut s);
    play_cue(&mut s);
    assert!(s.scenario().unwrap().finished());
    assert!(
        s.sim().network().cut_links().is_empty(),
        "the partition heals"
    );
}

/// The story both write-back scenarios share, up to C2's two reads: what each returned.
fn two_reads(id: &str) -> (Store, Option<String>, Option<String>) {
    let o = order_of_x();
    let mut s = open(id);
    play_cue(&mut s);
    // "C1 puts x = 1 on all three."
    let sim = s.sim();
    assert!(ops_of(sim, C1)[0].completed.is_some());
    for &n in &o[..3] {
        assert_eq!(x_on(sim, n).as_deref(), Some("1"));
    }
    next(&mut s);
    play_cue(&mut s);
    // "Only p0 stores x = 2; no second acknowledgement comes, C1 asks again and gives up."
    let sim = s.sim();
    let put2 = &ops_of(sim, C1)[1];
    assert!(is_put(put2, "2") && put2.completed.is_none());
    assert!(matches!(sim.views()[5], quorum::QView::Client(ref v) if v.gave_up == 1));
    // The feed tells the write's rounds after the first, and the giving up.
    let told = feed(&s);
    let again: Vec<u8> = told
        .iter()
        .filter_map(|h| match h {
            StoreHappening::AskedAgain {
                client: 1,
                op,
                writing: true,
                round,
                tries: 3,
                ..
            } if *op == put_x("2") => Some(*round),
            _ => None,
        })
        .collect();
    assert_eq!(again, vec![2, 3]);
    assert!(told.contains(&StoreHappening::GaveUp {
        client: 1,
        op: put_x("2"),
        writing: true,
        rounds: 3
    }));
    // The page's few lines are the latest of them all, in the same order.
    let latest: Vec<StoreHappening> = s.feed(6).into_iter().map(|i| i.what).collect();
    assert_eq!(latest, told[told.len() - 6..]);
    assert_eq!(x_on(sim, o[0]).as_deref(), Some("2"));
    assert_eq!(x_on(sim, o[1]).as_deref(), Some("1"));
    assert_eq!(x_on(sim, o[2]).as_deref(), Some("1"));
    next(&mut s);
    play_cue(&mut s);
    let first = returned(&ops_of(s.sim(), C2)[0]).expect("the first get is answered");
    // The first read asked p0 and p1 only: p2 still has x = 1.
    assert_eq!(x_on(s.sim(), o[2]).as_deref(), Some("1"));
    next(&mut s);
    play_cue(&mut s);
    let second = returned(&ops_of(s.sim(), C2)[1]).expect("the second get is answered");
    // Its links are cut and healed a few at a time: told as links, never as a member cut
    // off or reconnected.
    let told = feed(&s);
    assert!(told
        .iter()
        .any(|h| matches!(h, StoreHappening::Cut(links) if !links.is_empty())));
    assert!(told
        .iter()
        .any(|h| matches!(h, StoreHappening::HealedLinks(links) if !links.is_empty())));
    assert!(!told.iter().any(|h| matches!(
        h,
        StoreHappening::Reconnected(_) | StoreHappening::CutOff { .. }
    )));
    (s, first, second)
}

/// Free play: a node cut off and reconnected, links cut one way, a client's crash; a run
/// rewound tells only what had happened by then.
#[test]
fn the_feed_tells_the_users_faults_and_a_rewound_run_only_what_had_happened() {
    let config = quorum::QuorumConfig {
        load: None,
        ..default_config()
    };
    let mut s = Store::new(3, config);
    let run = |s: &mut Store| {
        s.apply(StoreIntent::SetSpeed(Speed::from_index(Speed::STEPS - 1)));
        s.apply(StoreIntent::Play(true));
        for _ in 0..5 {
            s.tick(100_000);
        }
        s.apply(StoreIntent::Play(false));
    };
    let (n2, n3) = (NodeId(1), NodeId(2));
    s.apply(StoreIntent::Isolate(n2));
    run(&mut s);
    s.apply(StoreIntent::Put(0, "x".into()));
    run(&mut s);
    let before = s.sim().now();
    s.apply(StoreIntent::Reconnect(n2));
    s.apply(StoreIntent::Crash(n3));
    run(&mut s);
    let told = feed(&s);
    let cut_off = |member, healed_first| StoreHappening::CutOff {
        member,
        healed_first,
    };
    assert_eq!(told[0], cut_off(n2, false));
    assert!(told.contains(&StoreHappening::Reconnected(n2)));
    assert!(told.contains(&StoreHappening::Crashed(n3)));
    assert!(told
        .iter()
        .any(|h| matches!(h, StoreHappening::Stored { client: 1, .. })));
    // Back before the reconnection: neither it nor the crash is told.
    s.apply(StoreIntent::Seek(SimTime(before.0 - 1_000)));
    let back = feed(&s);
    assert!(!back.contains(&StoreHappening::Reconnected(n2)));
    assert!(!back.contains(&StoreHappening::Crashed(n3)));
    assert!(back.contains(&cut_off(n2, false)));
    // A split of one member against the rest heals the cuts there were first, and says so.
    s.apply(StoreIntent::Isolate(n3));
    s.apply(StoreIntent::Partition(vec![NodeId(0)]));
    assert_eq!(feed(&s).last(), Some(&cut_off(NodeId(0), true)));
    assert!(s.sim().network().is_up(n3, NodeId(1)));
}

/// With write-back a put asks for versions first: cut off, it gives up in that phase, and
/// the feed says it never sent its value (no replica has it).
#[test]
fn a_write_back_put_that_gets_no_versions_gives_up_before_sending_its_value() {
    let config = quorum::QuorumConfig {
        load: None,
        write_back: true,
        ..default_config()
    };
    let nodes = config.nodes;
    let mut s = Store::new(5, config);
    s.apply(StoreIntent::Isolate(NodeId(nodes)));
    s.apply(StoreIntent::Put(0, "x".into()));
    s.apply(StoreIntent::SetSpeed(Speed::from_index(Speed::STEPS - 1)));
    s.apply(StoreIntent::Play(true));
    for _ in 0..10 {
        s.tick(100_000);
    }
    let told = feed(&s);
    let gave_up = told.iter().find_map(|h| match h {
        StoreHappening::GaveUp {
            client: 1,
            writing,
            rounds,
            ..
        } => Some((*writing, *rounds)),
        _ => None,
    });
    assert_eq!(gave_up, Some((false, 3)), "{told:?}");
    let rounds: Vec<(bool, u8)> = told
        .iter()
        .filter_map(|h| match h {
            StoreHappening::AskedAgain { writing, round, .. } => Some((*writing, *round)),
            _ => None,
        })
        .collect();
    assert_eq!(rounds, vec![(false, 2), (false, 3)]);
    for n in 0..nodes {
        assert_eq!(x_on(s.sim(), NodeId(n)), None, "N{}", n + 1);
    }
}

#[test]
fn overlapping_quorums_without_write_back_read_new_then_old() {
    let (s, first, second) = two_reads("quorum-no-write-back");
    // "the get returns 2" then "the get returns 1 … ✗"
    assert_eq!(first.as_deref(), Some("2"));
    assert_eq!(second.as_deref(), Some("1"));
    assert_eq!(s.verdict().ok, Some(false));
}

#[test]
fn links_cut_that_are_not_a_partition_are_not_drawn_as_sides() {
    // The overlapping-quorums story cuts C1 off from some of x's nodes only: the stage draws
    // those links, not sides.
    let mut s = open("quorum-no-write-back");
    let mut seen = false;
    for _ in 0..8 {
        play_cue(&mut s);
        let stage = s.stage();
        if !stage.cut.is_empty() {
            seen = true;
            assert_eq!(stage.sides(), None, "cut: {:?}", stage.cut);
        }
        next(&mut s);
    }
    assert!(seen, "the story cuts links");
}

#[test]
fn write_back_makes_the_same_story_linearizable() {
    let o = order_of_x();
    let (mut s, first, second) = two_reads("quorum-write-back");
    assert_eq!(first.as_deref(), Some("2"));
    // "p1 got x = 2 from the first read's write-back, so this get returns 2 as well … ✓"
    assert_eq!(x_on(s.sim(), o[1]).as_deref(), Some("2"));
    assert_eq!(second.as_deref(), Some("2"));
    // "… and writes x = 2 back to p2, which still had 1"
    assert_eq!(x_on(s.sim(), o[2]).as_deref(), Some("2"));
    assert_eq!(s.verdict().ok, Some(true));
    next(&mut s);
    play_cue(&mut s);
    assert!(s.scenario().unwrap().finished());
}

#[test]
fn a_sloppy_quorum_answers_in_a_partition_and_reads_stale() {
    let o = order_of_x();
    let mut s = open("quorum-sloppy");
    play_cue(&mut s);
    // "C1 can reach p0, s0 and s1; C2 can reach p1 and p2": the stage draws those two sides.
    let mut c1_side = vec![C1, o[0], o[3], o[4]];
    let mut c2_side = vec![C2, o[1], o[2]];
    sort::sort(&mut c1_side);
    sort::sort(&mut c2_side);
    let sides = s.stage().sides().expect("a partition, drawn as its sides");
    assert_eq!(sides.len(), 2);
    assert!(
        sides.contains(&c1_side) && sides.contains(&c2_side),
        "{sides:?}"
    );
    next(&mut s);
    play_cue(&mut s);
    // "C1 asks s0 and s1 instead … keeping x = 1 as a hint for them … the put completes."
    let sim = s.sim();
    assert!(ops_of(sim, C1)[0].completed.is_some());
    let hints = |sim: &Sim<QActor>, n: NodeId| -> Vec<NodeId> {
        let r = sim.node(n).as_replica().unwrap();
        r.view().hints.keys().map(|(owner, _)| *owner).collect()
    };
    let mut owners = [hints(sim, o[3]), hints(sim, o[4])].concat();
    sort::sort(&mut owners);
    let mut expected = vec![o[1], o[2]];
    sort::sort(&mut expected);
    assert_eq!(owners, expected);
    assert_eq!((x_on(sim, o[1]), x_on(sim, o[2])), (None, None));
    // The feed: C1 asked x's three replicas, then s0 and s1 to stand in for p1 and p2, and
    // the put was stored.
    let told = feed(&s);
    assert!(told.contains(&StoreHappening::Called {
        client: 1,
        op: put_x("1"),
        nodes: o[..3].to_vec(),
        r: 2,
        w: 2,
        write_back: true,
    }));
    let stand_ins: Vec<(NodeId, NodeId)> = told
        .iter()
        .filter_map(|h| match h {
            StoreHappening::AskedAgain {
                client: 1,
                writing: true,
                stand_ins,
                ..
            } => Some(stand_ins.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(stand_ins, vec![(o[3], o[1]), (o[4], o[2])]);
    assert!(told.contains(&StoreHappening::Stored {
        client: 1,
        op: put_x("1"),
        w: 2
    }));
    let entry = |sim: &Sim<QActor>, n: NodeId| {
        sim.node(n)
            .as_replica()
            .and_then(|r| r.view().store.get("x").cloned())
    };
    assert_eq!((entry(sim, o[1]), entry(sim, o[2])), (None, None));
    next(&mut s);
    play_cue(&mut s);
    // "The get … returns ∅ although the put has completed … ✗"
    assert_eq!(returned(&ops_of(s.sim(), C2)[0]), Some(None));
    assert!(feed(&s).contains(&StoreHappening::Returned {
        client: 2,
        op: Op::Get { key: "x".into() },
        value: None
    }));
    // "… writes back what it found, nothing: both now show x = ∅"
    for n in [o[1], o[2]] {
        assert!(matches!(entry(s.sim(), n), Some((_, None))), "{n}");
    }
    assert_eq!(s.verdict().ok, Some(false));
    next(&mut s);
    play_cue(&mut s);
    // "The partition heals": nothing cut, no sides.
    assert!(s.stage().cut.is_empty() && s.stage().sides().is_none());
    // "s0 and s1 hand their hints over to p1 and p2 … and then forget them."
    let sim = s.sim();
    assert!(hints(sim, o[3]).is_empty() && hints(sim, o[4]).is_empty());
    let told = feed(&s);
    assert!(told.contains(&StoreHappening::Healed));
    for (node, owner) in [(o[3], o[1]), (o[4], o[2])] {
        let key = "x".to_string();
        assert!(told.contains(&StoreHappening::HandedOver { node, owner, key }));
    }
    assert_eq!(x_on(sim, o[1]).as_deref(), Some("1"));
    assert_eq!(x_on(sim, o[2]).as_deref(), Some("1"));
    next(&mut s);
    play_cue(&mut s);
    // "C2 reads x again and now gets 1."
    assert_eq!(
        returned(&ops_of(s.sim(), C2)[1]).flatten().as_deref(),
        Some("1")
    );
}

#[test]
fn without_the_sloppy_quorum_the_same_put_is_not_answered() {
    // The sloppy scenario's claim "Without a sloppy quorum it could not", on the same script.
    let mut scenario = store::find("quorum-sloppy").unwrap();
    scenario.config.sloppy = false;
    let mut sim = scenario.config.build(scenario.seed);
    for c in scenario.steps.iter().flat_map(|s| &s.actions) {
        sim.schedule(c.clone()).unwrap();
    }
    sim.run_until(scenario.steps[2].at).unwrap();
    assert!(ops_of(&sim, C1)[0].completed.is_none());
}

#[test]
fn every_store_scenario_has_both_languages_and_ends_after_its_last_cue() {
    for s in store::all() {
        for step in &s.steps {
            assert!(
                !step.caption.en.is_empty() && !step.caption.zh.is_empty(),
                "{}",
                s.id
            );
        }
        assert!(s.steps.windows(2).all(|w| w[0].at < w[1].at), "{}", s.id);
        assert!(s.end > s.steps.last().unwrap().at, "{}", s.id);
    }
}

#[test]
fn a_store_link_replays_the_same_run() {
    let mut s = Store::new(7, default_config());
    s.apply(StoreIntent::SetSpeed(Speed::from_index(6)));
    for _ in 0..20 {
        s.tick(100_000);
    }
    s.apply(StoreIntent::Crash(NodeId(1)));
    s.apply(StoreIntent::Partition(vec![NodeId(0), NodeId(5)]));
    s.apply(StoreIntent::Put(1, "x".into()));
    for _ in 0..20 {
        s.tick(100_000);
    }
    s.apply(StoreIntent::Seek(SimTime::from_millis(700)));
    let run = s.to_link();
    let text = link::encode_store(&run);
    let back = link::decode_store(&text).expect("a link we wrote decodes");
    assert_eq!(back, run);
    let mut t = Store::from_link(&back);
    assert_eq!(t.sim().now(), s.sim().now());
    assert_eq!(t.timeline().cursor(), s.timeline().cursor());
    // Play both on to the head: the same events, so the same trace hash.
    let head = s.head();
    s.apply(StoreIntent::Play(true));
    t.apply(StoreIntent::Play(true));
    while s.sim().now() < head {
        s.tick(100_000);
        t.tick(100_000);
    }
    assert_eq!(s.sim().trace_hash(), t.sim().trace_hash());
    assert_eq!(s.history(), t.history());
}

#[test]
fn a_link_under_the_other_kinds_key_is_read_as_what_it_is() {
    let store = Store::new(3, default_config()).to_link();
    let store_text = link::encode_store(&store);
    let run = link::example();
    let run_text = link::encode(&run);
    assert_eq!(
        link::decode_either(&store_text, false),
        Ok(link::Linked::Store(store.clone()))
    );
    assert_eq!(
        link::decode_either(&store_text, true),
        Ok(link::Linked::Store(store))
    );
    assert_eq!(
        link::decode_either(&run_text, true),
        Ok(link::Linked::Run(Box::new(run.clone())))
    );
    assert_eq!(
        link::decode_either(&run_text, false),
        Ok(link::Linked::Run(Box::new(run)))
    );
    // Text that is neither gets the error of the kind its key names.
    let mut cut = store_text.clone();
    cut.truncate(store_text.len() / 2);
    assert_eq!(
        link::decode_either(&cut, true),
        Err(link::decode_store(&cut).unwrap_err())
    );
    assert_eq!(
        link::decode_either("9.AAAA", false),
        Err(link::decode("9.AAAA").unwrap_err())
    );
    assert_eq!(
        link::decode_either("2.AAAA", true),
        Err(link::decode_store("2.AAAA").unwrap_err())
    );
    // A store link with a value out of range, under `#run=`: the store's reason, not the
    // run reader's finding in a payload that is not a run's.
    let mut bad = Store::new(3, default_config()).to_link();
    bad.config.n = 7;
    let bad_text = link::encode_store(&bad);
    let why = link::decode_store(&bad_text).unwrap_err();
    assert!(matches!(why, ShareError::Invalid(_)), "{why}");
    assert_ne!(link::decode(&bad_text).unwrap_err(), why);
    assert_eq!(link::decode_either(&bad_text, false), Err(why.clone()));
    assert_eq!(link::decode_either(&bad_text, true), Err(why));
}

#[test]
fn damaged_or_impossible_store_links_say_why() {
    let run = Store::new(3, default_config()).to_link();
    let text = link::encode_store(&run);
    let mut cut = text.clone();
    cut.truncate(text.len() / 2);
    assert!(link::decode_store(&cut).is_err());
    assert!(link::decode_store("9.AAAA")
        .unwrap_err()
        .to_string()
        .contains("newer"));
    let mut bad = run.clone();
    bad.config.w = 7;
    let err = link::decode_store(&link::encode_store(&bad)).unwrap_err();
    assert!(err.to_string().contains("W = 7"), "{err}");
    let mut bad = run;
    bad.commands.push(ringleader::sim::Command {
        at: SimTime::ZERO,
        action: ringleader::sim::Action::Crash(NodeId(6)),
    });
    assert!(link::decode_store(&link::encode_store(&bad)).is_err());
}

#[test]
fn settings_restart_the_store_and_keep_w_and_r_within_n() {
    let mut s = Store::new(1, default_config());
    let fx = s.apply(StoreIntent::Configure(StoreSetting::N(2)));
    assert_eq!((s.config().n, s.config().w, s.config().r), (2, 2, 2));
    // W and R were within the new N: only the restart is told.
    assert_eq!(fx.notice, Some(Notice::Restarted { dropped: 0 }));
    s.apply(StoreIntent::Configure(StoreSetting::N(5)));
    let fx = s.apply(StoreIntent::Configure(StoreSetting::W(5)));
    assert_eq!(fx.notice, Some(Notice::Restarted { dropped: 0 }));
    let fx = s.apply(StoreIntent::Configure(StoreSetting::Nodes(3)));
    assert_eq!((s.config().nodes, s.config().n, s.config().w), (3, 3, 3));
    // W lowered with N is told (it was lowered silently).
    let (dropped, n, w, r) = (0, 3, 3, 2);
    assert_eq!(fx.notice, Some(Notice::QuorumsLowered { dropped, n, w, r }));
    assert_eq!(s.sim().now(), SimTime::ZERO);
    // A click on a node that no longer exists does nothing.
    let fx = s.apply(StoreIntent::Crash(NodeId(7)));
    assert!(fx.problems.is_empty());
}

#[test]
fn the_stage_shows_messages_on_their_way_and_each_keys_preference_list() {
    let mut s = Store::new(1, default_config());
    s.apply(StoreIntent::Play(false));
    s.apply(StoreIntent::Put(0, "x".into()));
    s.apply(StoreIntent::StepForward);
    let stage = s.stage();
    assert_eq!(stage.nodes.len(), 5);
    let x = stage.keys.iter().find(|k| k.name == "x").unwrap();
    assert_eq!(x.preference, order_of_x()[..3].to_vec());
    assert!(stage
        .flights
        .iter()
        .any(|f| f.kind == "Write" && f.from == C1));
}

#[test]
fn the_store_link_decoder_survives_mutated_and_random_input() {
    use ringleader::sim::{Rng, Stream};
    let mut s = open("quorum-sloppy");
    play_cue(&mut s);
    let valid = link::encode_store(&s.to_link());
    let mut rng = Rng::new(5, Stream::Workload);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    let mut refused = 0;
    for _ in 0..3_000 {
        let mut bytes = valid.clone().into_bytes();
        for _ in 0..rng.between(1, 4) {
            let i = rng.below(bytes.len() as u64) as usize;
            bytes[i] = alphabet[rng.below(alphabet.len() as u64) as usize];
        }
        let text = String::from_utf8(bytes).unwrap();
        match link::decode_store(&text) {
            Ok(run) => {
                // Whatever decodes is valid and opens.
                let _ = Store::from_link(&run);
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                refused += 1;
            }
        }
    }
    assert!(
        refused > 2_500,
        "the checksum refuses almost every edit ({refused})"
    );
}

#[test]
fn a_store_link_of_a_run_longer_than_two_hours_is_refused() {
    let mut run = Store::new(1, default_config()).to_link();
    run.moment.head_us = 3 * 3_600 * 1_000_000;
    let err = link::decode_store(&link::encode_store(&run)).unwrap_err();
    assert!(err.to_string().contains("at most 7200 s"), "{err}");
}

/// The page's default store (clients with their own workload) played for six virtual
/// seconds with a crash and a partition: tests/web.rs pins the same hash in the browser.
pub fn golden_page_store_run() -> Store {
    let mut s = Store::new(21, default_config());
    s.apply(StoreIntent::SetSpeed(Speed::from_index(Speed::STEPS - 1)));
    for i in 0..60 {
        if i == 10 {
            s.apply(StoreIntent::Crash(NodeId(2)));
        }
        if i == 25 {
            s.apply(StoreIntent::Partition(vec![
                NodeId(0),
                NodeId(1),
                NodeId(5),
            ]));
        }
        if i == 40 {
            s.apply(StoreIntent::HealAll);
            s.apply(StoreIntent::Restart(NodeId(2)));
        }
        s.tick(100_000);
    }
    s
}

#[test]
fn golden_page_store_trace_hash() {
    let s = golden_page_store_run();
    assert!(s.sim().now() >= SimTime::from_millis(6000));
    assert!(quorum::history(s.sim()).len() > 40);
    assert_eq!(format!("{:016x}", s.sim().trace_hash()), "23776562ab42b946");
}

#[test]
fn a_viewer_who_changes_the_run_stops_the_script_and_back_restores_it() {
    let mut s = open("quorum-stale");
    let scheduled = s.sim().commands().len() - s.sim().applied_commands();
    play_cue(&mut s);
    next(&mut s);
    play_cue(&mut s);
    assert!(
        s.sim().commands().len() > s.sim().applied_commands(),
        "the later cues' actions wait in the log"
    );
    // At the head of the run, the viewer crashes a node.
    s.apply(StoreIntent::Crash(NodeId(0)));
    let p = s.scenario().expect("the scenario stays, off its script");
    assert!(p.off_script);
    // The story's later actions no longer run into the viewer's run.
    let pending = &s.sim().commands()[s.sim().applied_commands()..];
    assert!(pending.is_empty(), "{pending:?}");
    // Next does nothing; playing runs on, not stopping at cues; a link of it is free play.
    let cue = s.scenario().unwrap().cue;
    next(&mut s);
    assert_eq!(s.scenario().unwrap().cue, cue);
    assert_eq!(s.to_link().scenario, None);
    let before = s.sim().now();
    s.apply(StoreIntent::Play(true));
    for _ in 0..50 {
        s.tick(100_000);
    }
    assert!(s.playing() && s.sim().now() > before);
    // Back plays the story again up to its previous cue (the first), on script.
    assert_eq!(cue, 1);
    s.apply(StoreIntent::PreviousCue);
    let p = s.scenario().unwrap();
    assert!(!p.off_script);
    assert_eq!(p.cue, 0);
    assert_eq!(
        s.sim().commands().len() - s.sim().applied_commands(),
        scheduled
    );
    assert_eq!(
        s.to_link().scenario,
        Some(("quorum-stale".into(), p.cue as u32))
    );
}

#[test]
fn a_lazy_store_is_built_only_when_asked_for_and_then_as_the_address_said() {
    let slow = Speed::from_index(1);
    let mut lazy = LazyStore::new(7, slow, false);
    assert!(!lazy.is_built());
    let mut eager = Store::new(7, default_config());
    eager.apply(StoreIntent::SetSpeed(slow));
    eager.apply(StoreIntent::Play(false));
    assert_eq!(lazy.get().to_link(), eager.to_link());
    assert!(lazy.is_built());
    assert_eq!((lazy.get().speed(), lazy.get().playing()), (slow, false));
    // Built once: a change made through it stays.
    lazy.get_mut().apply(StoreIntent::NewSeed(9));
    assert_eq!(lazy.get().seed(), 9);
    // A share link's store replaces it.
    let mut other = LazyStore::new(1, Speed::default(), true);
    other.set(Store::new(3, default_config()));
    assert_eq!(other.get().seed(), 3);
}

/// Opened paused (`paused=1`), Next plays the first cue's part of the run, which its caption
/// announces (it skipped to the second cue); a step past a cue's end shows the next cue's
/// caption (the first stayed up over the second's part of the run).
#[test]
fn next_plays_a_paused_cue_and_the_caption_follows_a_step() {
    let mut s = open("quorum-no-write-back");
    s.apply(StoreIntent::Play(false));
    assert_eq!(s.sim().now(), SimTime::ZERO);
    s.apply(StoreIntent::NextCue);
    assert!(s.playing());
    assert_eq!(
        s.scenario().unwrap().cue,
        0,
        "still the first cue, now playing"
    );
    play_cue(&mut s);
    assert_eq!(s.scenario().unwrap().cue, 0);
    let stop = s.scenario().unwrap().scenario.stop(0);
    assert!(s.sim().now() < stop);
    while s.sim().now() < stop {
        s.apply(StoreIntent::StepForward);
    }
    assert_eq!(s.scenario().unwrap().cue, 1, "the second cue's caption");
    s.apply(StoreIntent::StepBack);
    assert_eq!(s.scenario().unwrap().cue, 0);
    // At a cue's end, Next goes on to the next cue, as before.
    play_cue(&mut s);
    s.apply(StoreIntent::NextCue);
    assert_eq!(s.scenario().unwrap().cue, 1);
    assert_eq!(s.sim().now(), stop);
    // Stepped to the last event of a cue's part, paused: nothing is left to play in it, and
    // Next goes on at once (it played the few microseconds left, and a second press went on).
    let mut s = open("quorum-no-write-back");
    s.apply(StoreIntent::Play(false));
    while s.sim().next_time().is_some_and(|t| t < stop) {
        s.apply(StoreIntent::StepForward);
    }
    assert!(s.sim().now() < stop && s.scenario().unwrap().cue == 0);
    s.apply(StoreIntent::NextCue);
    assert_eq!(s.scenario().unwrap().cue, 1, "on to the second cue");
    assert_eq!(s.sim().now(), stop);
    // The last cue has nothing to go on to: stepped into, with nothing left to happen, its
    // part still plays to its end on Next (the button is live until then).
    let mut s = open("quorum-stale");
    s.apply(StoreIntent::Play(false));
    for _ in 0..2 {
        s.apply(StoreIntent::NextCue);
        play_cue(&mut s);
    }
    s.apply(StoreIntent::Play(false));
    let last = s.scenario().unwrap().cues() - 1;
    while s.scenario().unwrap().cue < last {
        s.apply(StoreIntent::StepForward);
    }
    assert_eq!(s.sim().next_time(), None, "nothing left to happen");
    s.apply(StoreIntent::NextCue);
    assert!(s.playing(), "the last cue's part plays");
    // Next again while it plays: on to its end at once (it did nothing, the button live).
    let end = s.scenario().unwrap().scenario.stop(last);
    s.apply(StoreIntent::NextCue);
    assert!(!s.playing());
    assert_eq!(s.sim().now().0 + 1, end.0, "at the last cue's end");
}
