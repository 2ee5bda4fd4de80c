//! Every guided scenario, replayed headless cue by cue, tells the truth: at each cue, what the
//! caption says is on screen is checked against the simulation (roles, terms, logs, the
//! messages of the trace, the narration) or the ring lab.

use ringleader::check::Property;
use ringleader::playground::{FeedItem, Happening, Intent, Playground, ReadWay};
use ringleader::raft::{Actor, ClientOutcome, Command, HistoryOp, Msg, Op, ReadPath, Role, Server};
use ringleader::ring::lab::Change;
use ringleader::ring::metrics::{self, LoadSummary};
use ringleader::ring::MemberId;
use ringleader::scenario::cause::{
    Answer, ElectionCause, PreVoteCause, RefusalCause, SendCause, StepDownCause,
};
use ringleader::scenario::{self, leader, Concept, Player, Scenario};
use ringleader::share::ClusterSpec;
use ringleader::sim::{Duration, Envelope, NodeId, SimTime};

// ---- Playing ----

fn start(id: &str) -> (Player, Playground) {
    let s: Scenario = scenario::find(id).unwrap_or_else(|| panic!("no scenario {id}"));
    s.validate().unwrap();
    let mut world = Playground::new(s.seed, ClusterSpec::default().config());
    let player = Player::start(s, &mut world);
    (player, world)
}

/// Play to the next cue and return the index of the first event of the stretch played.
fn next(p: &mut Player, w: &mut Playground) -> u64 {
    let from = w.timeline().cursor();
    assert!(p.run_to_cue(w).unwrap(), "another cue");
    from
}

/// The server called `Nk` (k from 1).
fn n(k: u8) -> NodeId {
    NodeId(k - 1)
}

fn server(w: &Playground, k: u8) -> &Server {
    w.sim().node(n(k)).as_server().unwrap()
}

fn servers(w: &Playground) -> Vec<&Server> {
    w.sim()
        .nodes()
        .iter()
        .filter_map(Actor::as_server)
        .collect()
}

fn history(w: &Playground, client: u8) -> Vec<HistoryOp> {
    let id = NodeId(w.servers() + client - 1);
    w.sim().node(id).as_client().unwrap().history().to_vec()
}

fn assert_safe(w: &Playground) {
    assert!(
        w.checker().violations().is_empty(),
        "{:#?}",
        w.checker().violations()
    );
}

// ---- What happened ----

/// Every narration item of the current run, oldest first.
fn feed(w: &Playground) -> Vec<FeedItem> {
    w.narration()
        .since(SimTime::ZERO, w.timeline().cursor())
        .cloned()
        .collect()
}

/// The narration items from event `from` on.
fn feed_since(w: &Playground, from: u64) -> Vec<Happening> {
    feed(w)
        .into_iter()
        .filter(|i| i.event >= from)
        .map(|i| i.what)
        .collect()
}

/// The messages sent from event `from` on, with the time they were sent.
fn sent_since(w: &Playground, from: u64) -> Vec<Envelope<Msg>> {
    w.timeline()
        .trace_to_cursor()
        .iter()
        .filter(|ev| ev.index >= from)
        .flat_map(|ev| ev.sent.iter().cloned())
        .collect()
}

fn leader_is(w: &Playground, k: u8, term: u64) {
    assert_eq!(
        leader(w.sim()),
        Some((n(k), term)),
        "N{k} leads term {term}"
    );
}

/// Each entry of a server's log as (term, key=value, or "noop"/"get k").
fn log_of(w: &Playground, k: u8) -> Vec<(u64, String)> {
    server(w, k)
        .log()
        .entries()
        .map(|e| {
            let what = match &e.command {
                Command::Noop => "noop".to_string(),
                Command::Client { op, .. } => match op {
                    Op::Put { key, value } => format!("{key}={value}"),
                    Op::Get { key } => format!("get {key}"),
                    other => format!("{other:?}"),
                },
            };
            (e.term.0, what)
        })
        .collect()
}

fn committed(w: &Playground, k: u8) -> u64 {
    server(w, k).commit_index().0
}

fn applied(w: &Playground, k: u8) -> u64 {
    server(w, k).last_applied().0
}

// ---- Every scenario ----

#[test]
fn all_twenty_one_are_valid_with_both_languages_and_grouped_by_concept() {
    let all = scenario::all();
    assert_eq!(all.len(), 21);
    for s in &all {
        s.validate().unwrap();
        assert!(s.cues() >= 2, "{}", s.id);
        assert!(s.concept.is_some(), "{} has a concept", s.id);
        for step in s.steps.iter().filter(|st| st.cue) {
            assert!(
                !step.caption.en.is_empty() && !step.caption.zh.is_empty(),
                "{}",
                s.id
            );
        }
    }
    // Grouping by concept keeps the teaching order: each concept is one run.
    let groups = scenario::by_concept();
    let concepts: Vec<Concept> = groups.iter().map(|(c, _)| c.unwrap()).collect();
    let mut seen = concepts.clone();
    seen.dedup();
    assert_eq!(seen.len(), concepts.len(), "{concepts:?}");
    assert_eq!(
        concepts,
        [
            Concept::DataDistribution,
            Concept::LoadBalancing,
            Concept::FaultTolerance,
            Concept::Consistency,
            Concept::Network
        ]
    );
    let order: Vec<String> = groups
        .into_iter()
        .flat_map(|(_, list)| list.into_iter().map(|s| s.id))
        .collect();
    assert_eq!(order, all.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    // The normal case comes right after the first election.
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    let at = |id: &str| ids.iter().position(|&i| i == id).unwrap();
    assert_eq!(at("write-commits"), at("first-election") + 1);
    for (before, after) in [
        ("leader-crash", "majority-lost"),
        ("split-votes", "two-leaders"),
        ("two-leaders", "stale-candidate"),
        ("stale-candidate", "figure-8"),
        ("leader-crash", "write-before-reply"),
        ("partition", "log-repair"),
        ("log-repair", "figure-8"),
        ("partition", "pre-vote"),
        ("partition", "check-quorum"),
        ("partition", "stale-read"),
        ("stale-read", "read-index"),
        ("read-index", "lease-drift"),
    ] {
        assert!(at(before) < at(after), "{before} before {after}");
    }
}

// ---- The ring ----

fn lab_load(w: &Playground, lens: usize) -> LoadSummary {
    w.lab().lenses()[lens].load(&w.lab().members).unwrap()
}

fn moved(w: &Playground, lens: usize) -> f64 {
    w.lab().lenses()[lens].moved.as_ref().unwrap().fraction()
}

fn member(w: &Playground, name: &str) -> MemberId {
    w.lab().members.by_name(name).unwrap().id
}

#[test]
fn mod_n_moves_about_four_fifths_and_the_ring_only_the_new_nodes_fifth() {
    let (mut p, mut w) = start("mod-n");
    next(&mut p, &mut w);
    // Both spread the keys about evenly.
    assert!(
        lab_load(&w, 0).max_over_mean < 1.15,
        "{:?}",
        lab_load(&w, 0)
    );
    assert!(lab_load(&w, 1).max_over_mean < 1.3, "{:?}", lab_load(&w, 1));
    next(&mut p, &mut w);
    let (m, r) = (moved(&w, 0), moved(&w, 1));
    assert!((0.75..0.85).contains(&m), "mod-n moved about 4/5: {m}");
    assert!((0.15..0.25).contains(&r), "the ring moved about 1/5: {r}");
    let n5 = member(&w, "N5");
    let flows = &w.lab().lenses()[1].moved.as_ref().unwrap().flows;
    assert!(
        flows.keys().all(|(_, to)| *to == Some(n5)),
        "every key the ring moved went to the new node: {flows:?}"
    );
    assert_eq!(
        w.lab().optimal_moved().map(|o| (o * 100.0).round()),
        Some(20.0)
    );
    next(&mut p, &mut w);
    assert!(moved(&w, 0) > 0.75, "mod-n again: {}", moved(&w, 0));
    let flows = &w.lab().lenses()[1].moved.as_ref().unwrap().flows;
    assert!(
        flows.keys().all(|(from, _)| *from == Some(n5)),
        "the ring moved only N5's keys: {flows:?}"
    );
}

fn arc_cv(w: &Playground) -> f64 {
    let lens = &w.lab().lenses()[0];
    let shares = metrics::key_space_shares(lens.placement.as_ref().unwrap()).unwrap();
    let values: Vec<f64> = shares.iter().map(|(_, s)| *s).collect();
    metrics::spread(&values).1
}

#[test]
fn virtual_nodes_even_out_the_arcs_and_the_keys_keep_their_own_noise() {
    let (mut p, mut w) = start("virtual-nodes");
    let mut cvs = Vec::new();
    while p.run_to_cue(&mut w).unwrap() {
        cvs.push((w.lab().vnodes, arc_cv(&w), lab_load(&w, 0).cv));
    }
    assert_eq!(
        cvs.iter().map(|c| c.0).collect::<Vec<_>>(),
        [1, 10, 100, 1000]
    );
    // One point each: very unequal arcs and loads.
    assert!(cvs[0].1 > 0.4 && cvs[0].2 > 0.4, "{cvs:?}");
    // More virtual nodes: both spreads fall.
    assert!(
        cvs.windows(2).all(|c| c[1].1 < c[0].1 && c[1].2 < c[0].2),
        "{cvs:?}"
    );
    // The arcs follow about 1/√k; the keys stay above the arcs' theory by the sampling
    // noise of 5,000 keys over 8 nodes (√(7/5000) ≈ 4 %), and sit near the theory figure
    // the readout shows (cue 3 says so), which counts both.
    let noise = (7.0f64 / 5000.0).sqrt();
    assert!((noise - 0.04).abs() < 0.005, "the caption's ≈ 4 %: {noise}");
    for &(k, arcs, keys) in &cvs[2..] {
        let theory = metrics::theoretical_cv(8, k);
        assert!(arcs < 2.0 * theory, "k={k}: arcs {arcs} vs theory {theory}");
        assert!(keys > theory, "k={k}: keys {keys} above theory {theory}");
        assert!(keys < theory + 2.0 * noise, "k={k}: keys {keys}");
        let shown = metrics::theoretical_key_cv(8, k, 5000);
        assert!(
            (keys - shown).abs() < 0.2 * shown,
            "k={k}: keys {keys} near the theory figure shown, {shown}"
        );
    }
    // At 1000 the arcs are almost equal: most of what is left is the keys' own noise.
    let (_, arcs, keys) = cvs[3];
    assert!(arcs < 0.05 && keys > arcs, "{cvs:?}");
}

#[test]
fn hot_keys_overload_one_node_and_bounded_loads_spread_one_keys_requests() {
    let (mut p, mut w) = start("hot-keys");
    next(&mut p, &mut w);
    let keys = w.lab().keys().to_vec();
    assert_eq!(keys.len(), 5000);
    let mut counts: ringleader::sim::map::SortedMap<&str, usize> = Default::default();
    for k in &keys {
        *counts.entry(k.name.as_str()).or_default() += 1;
    }
    assert_eq!(counts.len(), 50, "50 distinct keys");
    let (hottest, requests) = counts
        .iter()
        .max_by_key(|(_, c)| **c)
        .map(|(k, c)| (k.to_string(), *c))
        .unwrap();
    let share = requests as f64 / 5000.0;
    assert!((0.15..0.3).contains(&share), "about a fifth: {share}");
    assert!(lab_load(&w, 0).max_over_mean > 1.5, "{:?}", lab_load(&w, 0));
    // The first cue speaks of the plain ring only; the second brings in bounded loads.
    assert_eq!(
        w.lab().lenses().len(),
        1,
        "the plain ring alone at the first cue"
    );
    // Where the hottest key's requests land, per lens.
    let nodes_of = |w: &Playground, lens: usize| {
        let a = w.lab().lenses()[lens].assignment.as_ref().unwrap();
        keys.iter()
            .zip(&a.served_by)
            .filter(|(k, _)| k.name == hottest)
            .map(|(_, s)| *s)
            .collect::<ringleader::sim::map::SortedSet<_>>()
    };
    assert_eq!(
        nodes_of(&w, 0).len(),
        1,
        "the plain ring keeps a key in one place"
    );
    next(&mut p, &mut w);
    // "The busiest node now serves about 1.25 × the mean".
    assert!(
        lab_load(&w, 1).max_over_mean >= 1.2,
        "{:?}",
        lab_load(&w, 1)
    );
    assert!(
        lab_load(&w, 1).max_over_mean <= 1.26,
        "{:?}",
        lab_load(&w, 1)
    );
    assert!(
        nodes_of(&w, 1).len() > 1,
        "bounded loads spread one key's requests over several nodes"
    );
}

#[test]
fn a_node_down_makes_keys_unavailable_not_lost_and_replicas_made_before_serve_them() {
    let (mut p, mut w) = start("node-dies");
    next(&mut p, &mut w);
    assert_eq!(w.lab().replicas, 1);
    let before = w.lab().lenses()[0].assignment.clone().unwrap();
    assert_eq!(lab_load(&w, 0).lost, 0);
    next(&mut p, &mut w);
    let n3 = member(&w, "N3");
    let only_on_n3 = before.replicas.iter().filter(|r| r == &&vec![n3]).count() as u64;
    assert!(only_on_n3 > 200);
    assert_eq!(
        lab_load(&w, 0).lost,
        only_on_n3,
        "N3's keys are unavailable"
    );
    assert!(!w.sim().is_alive(n(3)), "the cluster's N3 is down too");
    next(&mut p, &mut w);
    assert_eq!(lab_load(&w, 0).lost, 0, "N3 is back: nothing was lost");
    assert_eq!(
        w.lab().lenses()[0].assignment.as_ref().unwrap().served_by,
        before.served_by,
        "every key is where it was"
    );
    next(&mut p, &mut w);
    assert_eq!(w.lab().replicas, 2);
    assert!(
        w.lab().members.list().iter().all(|m| m.up),
        "set while all are up"
    );
    let two = w.lab().lenses()[0].assignment.clone().unwrap();
    assert!(two.replicas.iter().all(|r| r.len() == 2 && r[0] != r[1]));
    next(&mut p, &mut w);
    assert_eq!(
        lab_load(&w, 0).lost,
        0,
        "every key of N3 has a live replica"
    );
    let first_on_n3 = two.replicas.iter().filter(|r| r[0] == n3).count() as u64;
    assert_eq!(w.lab().lenses()[0].served_by_replica(), first_on_n3);
    next(&mut p, &mut w);
    let n4 = member(&w, "N4");
    let both_down = two
        .replicas
        .iter()
        .filter(|r| r.iter().all(|m| *m == n3 || *m == n4))
        .count() as u64;
    let share = both_down as f64 / 2000.0;
    assert!(
        (0.07..0.13).contains(&share),
        "about one key in ten: {share}"
    );
    assert_eq!(lab_load(&w, 0).lost, both_down);
    assert_eq!(
        w.lab().change.as_ref().map(|c| &c.0),
        Some(&Change::Down(vec!["N4".into()])),
        "the readout tells of N4 alone going down"
    );
    next(&mut p, &mut w);
    assert_eq!(lab_load(&w, 0).lost, 0);
    assert_eq!(w.lab().lenses()[0].served_by_replica(), 0);
    assert!(w.sim().is_alive(n(3)) && w.sim().is_alive(n(4)));
    assert_eq!(
        w.lab().change.as_ref().map(|c| &c.0),
        Some(&Change::Up(vec!["N3".into(), "N4".into()])),
        "the readout tells of both coming back, as the caption does"
    );
}

// ---- Raft: fault tolerance ----

#[test]
fn the_first_election_elects_n3_with_a_majority() {
    let (mut p, mut w) = start("first-election");
    next(&mut p, &mut w);
    assert!(leader(w.sim()).is_none());
    for s in servers(&w) {
        assert_eq!(s.role(), Role::Follower);
        let timers: Vec<_> = w.sim().timers_of(s.id()).collect();
        assert_eq!(timers.len(), 1, "one election timer each");
        let due = timers[0].1;
        assert!(
            (SimTime::from_millis(150)..=SimTime::from_millis(300)).contains(&due),
            "between 150 and 300 ms: {due}"
        );
    }
    let from = next(&mut p, &mut w);
    let candidates: Vec<_> = servers(&w)
        .into_iter()
        .filter(|s| s.role() == Role::Candidate)
        .map(|s| (s.id(), s.term().0, s.voted_for()))
        .collect();
    assert_eq!(
        candidates,
        [(n(3), 1, Some(n(3)))],
        "N3 alone, voting for itself"
    );
    assert!(feed_since(&w, from).contains(&Happening::StartedElection {
        node: n(3),
        term: 1,
        why: ElectionCause::Timer
    }));
    let requests = sent_since(&w, from)
        .into_iter()
        .filter(|e| e.from == n(3) && matches!(e.msg, Msg::RequestVote { .. }))
        .count();
    assert_eq!(requests, 4, "RequestVote to the four others");
    assert!(
        !feed_since(&w, from)
            .iter()
            .any(|h| matches!(h, Happening::Voted { .. })),
        "no vote has arrived yet"
    );
    let from = next(&mut p, &mut w);
    leader_is(&w, 3, 1);
    let voted = feed_since(&w, from)
        .iter()
        .filter(|h| matches!(h, Happening::Voted { candidate, .. } if *candidate == n(3)))
        .count();
    assert!(voted >= 2, "a majority with its own vote");
    assert!(
        feed_since(&w, 0)
            .iter()
            .filter(|h| matches!(h, Happening::StartedElection { .. }))
            .count()
            == 1,
        "nobody else started an election"
    );
    assert_safe(&w);
}

#[test]
fn a_write_is_appended_replicated_committed_applied_and_answered() {
    let (mut p, mut w) = start("write-commits");
    next(&mut p, &mut w);
    leader_is(&w, 3, 1);
    for k in 1..=5 {
        assert_eq!(log_of(&w, k), [(1, "noop".to_string())]);
        assert_eq!(committed(&w, k), 1);
    }
    let from = next(&mut p, &mut w);
    assert!(sent_since(&w, from).iter().any(|e| e.to == n(3)
        && matches!(&e.msg, Msg::ClientRequest { op: Op::Put { key, value }, .. } if key == "x" && value == "1")));
    next(&mut p, &mut w);
    assert_eq!(log_of(&w, 3).last().unwrap(), &(1, "x=1".to_string()));
    assert_eq!(committed(&w, 3), 1, "not committed yet");
    for k in [1, 2, 4, 5] {
        assert_eq!(log_of(&w, k).len(), 1, "only N3 stores it so far");
    }
    let appends = sent_since(&w, 0)
        .into_iter()
        .filter(|e| e.from == n(3) && matches!(&e.msg, Msg::AppendEntries { entries, .. } if entries.len() == 1 && entries[0].term.0 == 1 && matches!(entries[0].command, Command::Client { .. })))
        .count();
    assert_eq!(appends, 4, "AppendEntries with x = 1 to every follower");
    let from = next(&mut p, &mut w);
    for k in [1, 2, 4, 5] {
        assert_eq!(log_of(&w, k).len(), 2, "N{k} stored x = 1");
        assert_eq!(committed(&w, k), 1, "N{k} does not know it is committed");
    }
    assert_eq!(committed(&w, 3), 2);
    assert_eq!(server(&w, 3).kv().get("x"), Some("1"));
    let oks = sent_since(&w, 0)
        .iter()
        .filter(|e| e.to == n(3) && matches!(e.msg, Msg::AppendReply { success: true, match_index, .. } if match_index.0 == 2))
        .count();
    assert!(oks >= 2, "a majority with the leader");
    let items = feed_since(&w, from);
    assert!(items.iter().any(|h| matches!(h, Happening::Committed { node, index: 2, term: 1, entry_term: Some(1) } if *node == n(3))));
    assert!(items
        .iter()
        .any(|h| matches!(h, Happening::Answered { server, client: 1, .. } if *server == n(3))));
    assert!(
        history(&w, 1)[0].completed.is_none(),
        "the answer is on its way"
    );
    assert!(
        [1, 2, 4, 5].iter().any(|&k| applied(&w, k) < 2),
        "not every server holds x = 1 yet"
    );
    next(&mut p, &mut w);
    assert!(history(&w, 1)[0].completed.is_some());
    for k in 1..=5 {
        assert_eq!(committed(&w, k), 2, "N{k} learned the commit");
        assert_eq!(server(&w, k).kv().get("x"), Some("1"), "N{k} applied x = 1");
    }
    assert_eq!(w.linearizability().ok, Some(true));
    assert_safe(&w);
}

#[test]
fn after_the_leader_crashes_n2_wins_term_2_and_the_old_leader_follows() {
    let (mut p, mut w) = start("leader-crash");
    next(&mut p, &mut w);
    leader_is(&w, 3, 1);
    let from = next(&mut p, &mut w);
    assert!(!w.sim().is_alive(n(3)));
    let items = feed_since(&w, from);
    assert_eq!(
        items,
        [Happening::Crashed(n(3))],
        "a crash, not a step down"
    );
    // "Those already on their way still arrive": heartbeats N3 sent before it crashed.
    let on_their_way: Vec<_> = w
        .sim()
        .in_flight()
        .filter(|e| e.from == n(3) && matches!(e.msg, Msg::AppendEntries { .. }))
        .map(|e| e.id)
        .collect();
    assert!(
        !on_their_way.is_empty(),
        "heartbeats on their way at the crash"
    );
    next(&mut p, &mut w);
    for id in on_their_way {
        let fate = w.timeline().message(id).map(|r| r.fate);
        assert_eq!(fate, Some(ringleader::sim::Fate::Delivered), "{id:?}");
    }
    leader_is(&w, 2, 2);
    let items = feed_since(&w, from);
    assert_eq!(
        items
            .iter()
            .find(|h| matches!(h, Happening::StartedElection { .. })),
        Some(&Happening::StartedElection {
            node: n(2),
            term: 2,
            why: ElectionCause::Timer
        })
    );
    assert_eq!(
        items
            .iter()
            .filter(
                |h| matches!(h, Happening::Voted { candidate, term: 2, .. } if *candidate == n(2))
            )
            .count(),
        3
    );
    next(&mut p, &mut w);
    assert!(w.sim().is_alive(n(3)));
    assert_eq!(server(&w, 3).role(), Role::Follower);
    assert_eq!(server(&w, 3).term().0, 1, "it still believes the term is 1");
    let from = next(&mut p, &mut w);
    // The caption's "N2's next AppendEntries carried term 2 and the entry N3 missed: N3
    // adopted the term, follows N2 and stored the entry", told by the feed: one delivery.
    let at = |want: &dyn Fn(&Happening) -> bool| -> Vec<u64> {
        feed(&w)
            .into_iter()
            .filter(|i| i.event >= from && want(&i.what))
            .map(|i| i.event)
            .collect()
    };
    let adopted = at(&|h| {
        *h == Happening::AdoptedTerm {
            node: n(3),
            leader: n(2),
            was: 1,
            term: 2,
        }
    });
    let stored = at(&|h| {
        matches!(h, Happening::AcceptedEntries { node, leader, from: 2, to: 2, committed: true, .. }
            if *node == n(3) && *leader == n(2))
    });
    assert_eq!(adopted.len(), 1);
    assert_eq!(adopted, stored);
    assert_eq!(server(&w, 3).term().0, 2);
    assert_eq!(server(&w, 3).leader(), Some(n(2)));
    assert_eq!(log_of(&w, 3), log_of(&w, 2), "it got the entry it missed");
    assert_safe(&w);
}

#[test]
fn fixed_timeouts_split_every_vote_and_random_ones_elect_at_once() {
    let (mut p, mut w) = start("split-votes");
    next(&mut p, &mut w);
    assert_eq!(
        w.config().raft.election_timeout_min,
        Duration::from_millis(150)
    );
    next(&mut p, &mut w);
    assert!(leader(w.sim()).is_none(), "no leader with fixed timeouts");
    assert!(servers(&w)
        .iter()
        .all(|s| s.term().0 == 13 && s.role() == Role::Candidate));
    // Every round: all five start together, and nobody votes for anyone else.
    let mut rounds: ringleader::sim::map::SortedMap<SimTime, usize> = Default::default();
    for item in feed(&w) {
        match item.what {
            Happening::StartedElection { .. } => *rounds.entry(item.time).or_default() += 1,
            Happening::Voted { .. } => panic!("a vote for another: {item:?}"),
            _ => {}
        }
    }
    assert_eq!(rounds.len(), 13);
    assert!(rounds.values().all(|&c| c == 5), "{rounds:?}");
    next(&mut p, &mut w);
    assert_eq!(w.sim().now(), SimTime::ZERO);
    assert!(!w.config().raft.breaks.fixed_timeouts);
    next(&mut p, &mut w);
    leader_is(&w, 4, 1);
    let elections: Vec<_> = feed(&w)
        .into_iter()
        .filter(|i| matches!(i.what, Happening::StartedElection { .. }))
        .collect();
    assert_eq!(elections.len(), 1, "the first attempt won: {elections:?}");
    assert_safe(&w);
}

#[test]
fn without_a_majority_nothing_commits_and_both_reads_and_writes_wait() {
    let (mut p, mut w) = start("majority-lost");
    next(&mut p, &mut w);
    leader_is(&w, 3, 1);
    assert!(history(&w, 1)[0].completed.is_some(), "x = 1 committed");
    next(&mut p, &mut w);
    assert!(!w.sim().is_alive(n(1)) && !w.sim().is_alive(n(2)));
    next(&mut p, &mut w);
    let y = &history(&w, 1)[1];
    assert_eq!(
        y.op,
        Op::Put {
            key: "y".into(),
            value: "2".into()
        }
    );
    assert!(y.completed.is_some(), "y = 2 committed with three of five");
    for k in [3, 4, 5] {
        assert!(log_of(&w, k).contains(&(1, "y=2".to_string())));
    }
    next(&mut p, &mut w);
    assert!(!w.sim().is_alive(n(4)));
    let alive = (1..=5).filter(|&k| w.sim().is_alive(n(k))).count();
    assert_eq!(alive, 2);
    next(&mut p, &mut w);
    let commit = committed(&w, 3);
    for k in [3, 5] {
        let log = log_of(&w, k);
        assert!(log.contains(&(1, "z=3".to_string())) && log.contains(&(1, "get x".to_string())));
    }
    assert!(
        commit < server(&w, 3).log().last_index().0,
        "appended, not committed"
    );
    assert!(history(&w, 1)[2].completed.is_none() && history(&w, 2)[0].completed.is_none());
    let from = next(&mut p, &mut w);
    assert_eq!(committed(&w, 3), commit, "still nothing committed");
    assert!(history(&w, 1)[2].completed.is_none() && history(&w, 2)[0].completed.is_none());
    leader_is(&w, 3, 1);
    let items = feed_since(&w, from);
    assert!(items.iter().any(|h| matches!(
        h,
        Happening::ClientSent {
            why: SendCause::Retry,
            ..
        }
    )));
    assert!(items.iter().any(|h| matches!(h, Happening::Answered { answer: Answer::NotLeader { hint: Some(l) }, .. } if *l == n(3))));
    next(&mut p, &mut w);
    assert!(w.sim().is_alive(n(1)));
    next(&mut p, &mut w);
    assert_eq!(log_of(&w, 1), log_of(&w, 3), "N1 caught up");
    assert_eq!(committed(&w, 3), server(&w, 3).log().last_index().0);
    let z = &history(&w, 1)[2];
    assert!(z.completed.is_some());
    let read = &history(&w, 2)[0];
    assert_eq!(
        read.completed.as_ref().unwrap().1.value.as_deref(),
        Some("1"),
        "x = 1"
    );
    assert_eq!(w.linearizability().ok, Some(true));
    assert_safe(&w);
}

#[test]
fn a_transfer_catches_the_target_up_sends_timeout_now_and_hands_over_quickly() {
    let (mut p, mut w) = start("leadership-transfer");
    next(&mut p, &mut w);
    leader_is(&w, 3, 1);
    let from = next(&mut p, &mut w);
    let asked = w.sim().now();
    assert!(feed_since(&w, from).contains(&Happening::TransferStarted {
        leader: n(3),
        target: n(1)
    }));
    assert!(server(&w, 1).log().last_index() < server(&w, 3).log().last_index());
    let catch_up = w
        .timeline()
        .trace_to_cursor()
        .iter()
        .filter(|ev| ev.index >= from)
        .filter(|ev| {
            matches!(
                ev.cause,
                ringleader::sim::Cause::Command(ringleader::sim::Action::Input(
                    _,
                    ringleader::raft::Input::Transfer(_)
                ))
            )
        })
        .flat_map(|ev| ev.sent.iter().map(|e| (e.to, e.msg.clone())))
        .collect::<Vec<_>>();
    assert!(
        matches!(catch_up.as_slice(), [(to, Msg::AppendEntries { entries, .. })] if *to == n(1) && entries.len() == 1),
        "first the missing entry: {catch_up:?}"
    );
    let from = next(&mut p, &mut w);
    let timeout_now = sent_since(&w, from)
        .into_iter()
        .find(|e| matches!(e.msg, Msg::TimeoutNow { .. }))
        .expect("TimeoutNow");
    assert_eq!((timeout_now.from, timeout_now.to), (n(3), n(1)));
    assert_eq!(log_of(&w, 1), log_of(&w, 3), "sent once N1 had every entry");
    assert!(feed_since(&w, from).contains(&Happening::StartedElection {
        node: n(1),
        term: 2,
        why: ElectionCause::TimeoutNow { from: n(3) }
    }));
    assert_eq!(server(&w, 1).role(), Role::Candidate);
    assert!(history(&w, 1)[0].completed.is_some(), "x = 1 answered");
    assert!(
        sent_since(&w, from).iter().any(|e| e.from == n(3)
            && e.to == NodeId(6)
            && matches!(
                e.msg,
                Msg::ClientReply {
                    outcome: ClientOutcome::NotLeader { leader_hint: None },
                    ..
                }
            )),
        "y = 2 turned away"
    );
    // The feed says why: N3 still leads, handing over (not that it knows no leader).
    assert!(feed_since(&w, from).iter().any(|h| matches!(
        h,
        Happening::Answered { server, answer: Answer::HandingOver, .. } if *server == n(3)
    )));
    let from = next(&mut p, &mut w);
    leader_is(&w, 1, 2);
    let became = feed(&w)
        .into_iter()
        .find(|i| matches!(i.what, Happening::BecameLeader { node, .. } if node == n(1)))
        .unwrap();
    assert!(
        became.time - asked < Duration::from_millis(100),
        "{:?}",
        became.time
    );
    assert!(
        feed_since(&w, from).contains(&Happening::SteppedDown {
            node: n(3),
            term: 2,
            why: StepDownCause::HigherTerm { from: n(1) }
        }) || feed(&w).iter().any(|i| i.what
            == Happening::SteppedDown {
                node: n(3),
                term: 2,
                why: StepDownCause::HigherTerm { from: n(1) }
            })
    );
    assert!(
        history(&w, 2)[0].completed.is_some(),
        "y = 2 committed with N1"
    );
    assert!(log_of(&w, 1).contains(&(2, "y=2".to_string())));
    assert_safe(&w);
}

// ---- Raft: consistency ----

#[test]
fn a_minority_leader_cannot_commit_and_healing_converges() {
    let (mut p, mut w) = start("partition");
    next(&mut p, &mut w);
    leader_is(&w, 4, 1);
    let from = next(&mut p, &mut w);
    assert!(feed_since(&w, from).contains(&Happening::Partitioned {
        groups: vec![vec![n(4), n(1)], vec![n(2), n(3), n(5)]],
        healed: 0
    }));
    assert!(feed_since(&w, from).iter().any(|h| matches!(h,
        Happening::ClientSent { server, why: SendCause::New, .. } if *server == n(4))));
    let from = next(&mut p, &mut w);
    assert!(feed_since(&w, from).iter().any(|h| matches!(h,
        Happening::ClientSent { server, why: SendCause::Retry, .. } if *server == n(5))));
    assert_eq!(log_of(&w, 4).last().unwrap(), &(1, "x=1".to_string()));
    assert_eq!(log_of(&w, 1), log_of(&w, 4));
    assert_eq!(committed(&w, 4), 1, "2 of 5 cannot commit");
    assert_eq!(server(&w, 4).role(), Role::Leader);
    assert_eq!(server(&w, 5).role(), Role::Leader);
    assert_eq!(server(&w, 5).term().0, 2);
    assert!(log_of(&w, 5).contains(&(2, "x=1".to_string())));
    assert_eq!(committed(&w, 5), server(&w, 5).log().last_index().0);
    assert!(history(&w, 1)[0].completed.is_some());
    next(&mut p, &mut w);
    assert_eq!(
        server(&w, 4).role(),
        Role::Leader,
        "two leaders, of terms 1 and 2"
    );
    // The logs' matchIndex and nextIndex are the newer leader's, and say so.
    let logs = w.logs();
    let whose: Vec<Option<NodeId>> = logs
        .servers
        .iter()
        .map(|s| s.progress.map(|p| p.0))
        .collect();
    assert_eq!(
        whose,
        [Some(n(5)), Some(n(5)), Some(n(5)), Some(n(5)), None]
    );
    let from = next(&mut p, &mut w);
    assert!(feed_since(&w, from).iter().any(|h| matches!(h,
        Happening::SteppedDown { node, term: 2, why: StepDownCause::HigherTerm { .. } } if *node == n(4))));
    leader_is(&w, 5, 2);
    for k in 1..=5 {
        assert_eq!(log_of(&w, k), log_of(&w, 5));
        assert!(!log_of(&w, k).contains(&(1, "x=1".to_string())));
    }
    assert_safe(&w);
}

#[test]
fn log_repair_rejects_backtracks_by_term_and_repairs_in_batches() {
    let (mut p, mut w) = start("log-repair");
    next(&mut p, &mut w);
    leader_is(&w, 3, 1);
    let from = next(&mut p, &mut w);
    assert!(!w.sim().network().is_up(n(3), n(1)) && !w.sim().network().is_up(n(2), n(3)));
    let asked: Vec<u8> = feed_since(&w, from)
        .into_iter()
        .filter_map(|h| match h {
            Happening::ClientSent {
                client,
                server,
                why: SendCause::New,
                ..
            } if server == n(3) => Some(client),
            _ => None,
        })
        .collect();
    assert_eq!(asked, [1, 2, 3]);
    next(&mut p, &mut w);
    let n3 = log_of(&w, 3);
    assert_eq!(n3.len(), 4);
    assert!(
        n3.iter().all(|(t, _)| *t == 1),
        "three writes of term 1: {n3:?}"
    );
    assert_eq!(committed(&w, 3), 1);
    leader_is(&w, 2, 2);
    next(&mut p, &mut w);
    let n2 = log_of(&w, 2);
    assert_eq!(n2.len(), 25);
    assert_eq!(committed(&w, 2), 25);
    let n3 = log_of(&w, 3);
    for (i, (ours, theirs)) in n2.iter().zip(&n3).enumerate().skip(1) {
        assert_eq!(
            (ours.0, theirs.0),
            (2, 1),
            "term 2 against term 1 at {}",
            i + 1
        );
    }
    // The log panel shows that conflict, which the captions name: its window starts where
    // the logs first disagree, not at the newest entries (where N3 has none).
    let logs = w.logs();
    assert_eq!((logs.first, logs.last), (2, 11));
    let terms = |k: usize| -> Vec<Option<u64>> {
        logs.servers[k].cells[..3]
            .iter()
            .map(|c| c.as_ref().map(|c| c.term))
            .collect()
    };
    assert_eq!(terms(2), [Some(1); 3], "N3's entries 2 to 4");
    assert_eq!(terms(1), [Some(2); 3], "N2's entries 2 to 4");
    for c in 1..=3 {
        assert!(
            history(&w, c)[0].completed.is_some(),
            "client {c} answered by N2"
        );
    }
    next(&mut p, &mut w);
    assert!(!w.sim().is_alive(n(2)));
    // The crashed leader's commit index went with it, but the log panel does not draw its
    // committed entries as uncommitted: the others know them committed.
    let n2_row = &w.logs().servers[1];
    assert_eq!((n2_row.commit, n2_row.drawn_committed), (0, 25));
    let from = next(&mut p, &mut w);
    leader_is(&w, 5, 3);
    for k in [1, 4] {
        assert!(feed_since(&w, from).contains(&Happening::Voted {
            node: n(k),
            candidate: n(5),
            term: 3
        }));
    }
    let progress = server(&w, 5).progress().unwrap();
    assert!(progress
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 4)
        .all(|(_, (next, _))| next.0 >= 26));
    assert_eq!(progress[2].0 .0, 26, "N3's nextIndex is optimistic");
    let from = next(&mut p, &mut w);
    assert!(w.sim().network().cut_links().is_empty());
    let max_batch = w.config().raft.max_batch as usize;
    assert_eq!(max_batch, 16);
    let from_n5_to_n3 = |w: &Playground, from| {
        sent_since(w, from)
            .into_iter()
            .filter(|e| e.from == n(5) && e.to == n(3))
            .collect::<Vec<_>>()
    };
    let from_n3_to_n5 = |w: &Playground, from| {
        sent_since(w, from)
            .into_iter()
            .filter(|e| e.from == n(3) && e.to == n(5))
            .map(|e| e.msg)
            .collect::<Vec<_>>()
    };
    next(&mut p, &mut w);
    let rejections: Vec<(u64, u64, Option<u64>)> = from_n3_to_n5(&w, from)
        .into_iter()
        .filter_map(|m| match m {
            Msg::AppendReply {
                success: false,
                prev_log_index: Some(prev),
                conflict_index,
                conflict_term,
                ..
            } => Some((prev.0, conflict_index.0, conflict_term.map(|t| t.0))),
            _ => None,
        })
        .collect();
    assert_eq!(
        rejections[0],
        (25, 5, None),
        "no entry at 25: its log ends at 4"
    );
    assert_eq!(
        rejections[1],
        (4, 1, Some(1)),
        "term 1 at 4, which starts at 1"
    );
    assert!(feed_since(&w, from).iter().any(|h| matches!(h,
        Happening::SteppedDown { node, term: 3, .. } if *node == n(3))));
    assert!(feed_since(&w, from).contains(&Happening::BackedUp {
        leader: n(5),
        follower: n(3),
        next_index: 5,
        entries: 16
    }));
    assert_eq!(log_of(&w, 3).len(), 4, "not repaired yet");
    let repair_from = from;
    let from = next(&mut p, &mut w);
    // "Failed twice": the feed tells each rejection once, though a heartbeat sent before
    // the leader had the second answer is rejected in the same words again.
    let rejected = from_n3_to_n5(&w, repair_from)
        .into_iter()
        .filter(|m| matches!(m, Msg::AppendReply { success: false, .. }))
        .count();
    assert!(rejected > 2, "{rejected}");
    let told = feed_since(&w, repair_from)
        .into_iter()
        .filter(|h| matches!(h, Happening::AppendRejected { .. }))
        .count();
    assert_eq!(told, 2);
    // Backtracking by term: straight from 5 to 2, skipping the whole of term 1.
    let batches: Vec<(u64, usize)> = from_n5_to_n3(&w, from)
        .into_iter()
        .filter_map(|e| match e.msg {
            Msg::AppendEntries {
                prev_log_index,
                entries,
                ..
            } if !entries.is_empty() => Some((prev_log_index.0, entries.len())),
            _ => None,
        })
        .collect();
    assert_eq!(batches[0], (1, max_batch), "entries 2 to 17 in one message");
    assert!(batches.contains(&(17, 9)), "then 18 to 26: {batches:?}");
    assert!(feed_since(&w, from).contains(&Happening::AcceptedEntries {
        node: n(3),
        leader: n(5),
        from: 2,
        to: 17,
        repeated: 0,
        max_batch: 16,
        committed: true
    }));
    // 18 to 26 arrived twice (a heartbeat left before the first answer came back); only the
    // first stored anything, and only it is told.
    let stored = feed_since(&w, from)
        .iter()
        .filter(|h| {
            matches!(h, Happening::AcceptedEntries { node, leader, from: 18, to: 26, .. }
                if *node == n(3) && *leader == n(5))
        })
        .count();
    assert_eq!(stored, 1, "told once");
    assert_eq!(log_of(&w, 3), log_of(&w, 5), "repaired");
    assert!(!log_of(&w, 3).iter().skip(1).any(|(t, _)| *t == 1));
    // Each client write is in the committed log exactly once.
    for key in ["a", "b", "c"] {
        let count = log_of(&w, 5)
            .iter()
            .filter(|(_, e)| *e == format!("{key}=1"))
            .count();
        assert_eq!(count, 1, "{key}");
    }
    assert_safe(&w);
}

#[test]
fn answering_before_the_disk_write_loses_a_committed_write_and_waiting_loses_nothing() {
    let (mut p, mut w) = start("write-before-reply");
    let has_x = |w: &Playground, k: u8| log_of(w, k).contains(&(1, "x=1".to_string()));
    let writing = |w: &Playground, k: u8| server(w, k).disk_write_done().is_some();
    let lost = |items: &[Happening], k: u8| {
        items.iter().any(
            |h| matches!(h, Happening::LostWrite { node, entries: (2, 1), .. } if *node == n(k)),
        )
    };
    let became_leader = |w: &Playground| {
        feed(w)
            .iter()
            .find(
                |i| matches!(i.what, Happening::BecameLeader { node, term: 1, .. } if node == n(1)),
            )
            .map(|i| i.time)
            .expect("N1 led term 1")
    };
    let mut leader_at = Vec::new();
    for on in [true, false] {
        // The opening cue of each run.
        next(&mut p, &mut w);
        assert_eq!(w.config().raft.breaks.reply_before_write, on);
        assert_eq!(w.config().raft.disk_write, Duration::from_millis(40));
        if on {
            assert_eq!(server(&w, 1).role(), Role::Candidate);
            assert_eq!(server(&w, 1).term().0, 1);
            assert!(writing(&w, 1));
        }
        // C1's write x = 1.
        let from = next(&mut p, &mut w);
        leader_is(&w, 1, 1);
        leader_at.push(became_leader(&w));
        for k in 2..=5 {
            assert!(has_x(&w, k), "N{k} holds x = 1");
            assert!(writing(&w, k), "N{k}'s disk is still writing it");
        }
        let put = &history(&w, 1)[0];
        // Each follower's acknowledgement of x = 1: at once with the switch, none without.
        let acks: Vec<Envelope<Msg>> = sent_since(&w, from)
            .into_iter()
            .filter(|e| e.to == n(1) && matches!(e.msg, Msg::AppendReply { success: true, match_index, .. } if match_index.0 == 2))
            .collect();
        if on {
            assert!(
                put.completed.as_ref().is_some_and(|(_, r)| r.ok),
                "C1 was told it is done"
            );
            assert!(committed(&w, 1) >= 2);
            assert_eq!(server(&w, 1).kv().get("x"), Some("1"));
            for k in 2..=5 {
                assert!(acks.iter().any(|e| e.from == n(k)), "N{k} answered");
            }
        } else {
            assert!(put.completed.is_none(), "C1 is still waiting");
            assert_eq!(committed(&w, 1), 1, "x = 1 is not committed");
            assert!(acks.is_empty(), "no follower answered yet");
        }
        // The power cut.
        let from = next(&mut p, &mut w);
        assert!(!w.sim().is_alive(n(1)));
        assert!(has_x(&w, 1), "N1 had written x = 1");
        let items = feed_since(&w, from);
        assert!(!lost(&items, 1));
        for k in 2..=5 {
            assert!(w.sim().is_alive(n(k)));
            assert!(!has_x(&w, k), "N{k} came back without x = 1");
            assert!(lost(&items, k), "the feed says N{k} lost it");
        }
        if on {
            // N2 wins term 2 without x = 1.
            let from = next(&mut p, &mut w);
            leader_is(&w, 2, 2);
            let items = feed_since(&w, from);
            for k in 3..=5 {
                assert!(items.contains(&Happening::Voted {
                    node: n(k),
                    candidate: n(2),
                    term: 2
                }));
            }
            for k in 2..=5 {
                assert!(!has_x(&w, k));
            }
            assert_eq!(log_of(&w, 2).get(1), Some(&(2, "noop".to_string())));
            assert!(committed(&w, 2) >= 2, "its no-op committed at index 2");
            let broken = |p: Property| w.checker().violations().iter().any(|v| v.property == p);
            assert!(broken(Property::LeaderCompleteness));
            assert!(broken(Property::StateMachineSafety));
            assert!(
                Property::LEMMAS.into_iter().any(broken),
                "Terms, votes and commit bounds"
            );
        }
        // N1 back: its x = 1 replaced.
        next(&mut p, &mut w);
        leader_is(&w, 2, 2);
        assert!(w.sim().is_alive(n(1)));
        for k in 1..=5 {
            assert!(!has_x(&w, k), "x = 1 is in no log (N{k})");
        }
        assert_eq!(
            history(&w, 1)[0].completed.is_some(),
            on,
            "told done only with the switch"
        );
        if !on {
            assert_safe(&w);
        }
    }
    // Without the switch N1 led "a little later": each vote waited for its write.
    assert!(leader_at[1] > leader_at[0], "{leader_at:?}");
}

/// The safety properties broken so far, each once.
fn broken(w: &Playground) -> Vec<Property> {
    let mut all: Vec<Property> = w
        .checker()
        .violations()
        .iter()
        .map(|v| v.property)
        .collect();
    ringleader::sim::sort::sort_by_key(&mut all, |p| *p as u8);
    all.dedup();
    all
}

#[test]
fn two_leaders_in_one_term_commit_two_values_at_one_index_with_the_switch_and_never_without() {
    let (mut p, mut w) = start("two-leaders");
    let x = |v: &str| (1, format!("x={v}"));
    let up = |w: &Playground, a: u8, b: u8| w.sim().network().is_up(n(a), n(b));
    let cut = |w: &Playground, a: u8, b: u8| !up(w, a, b) && !up(w, b, a);
    for on in [true, false] {
        if !on {
            // The restart's cue.
            next(&mut p, &mut w);
            assert_eq!(w.sim().now(), SimTime::ZERO);
        }
        // Opening (with the switch; without, it plays on to the next cue).
        if on {
            next(&mut p, &mut w);
            assert!(w.config().raft.breaks.many_votes_per_term);
            for (a, b) in [(1, 2), (1, 4), (3, 2), (3, 4)] {
                assert!(cut(&w, a, b), "N{a} and N{b} are cut both ways");
            }
            for k in 1..=4 {
                assert!(up(&w, 5, k) && up(&w, k, 5), "N5 reaches N{k}");
            }
            for k in [1, 2] {
                assert_eq!(server(&w, k).role(), Role::Candidate);
                assert_eq!(server(&w, k).term().0, 1);
            }
        }
        // Elected.
        let from = next(&mut p, &mut w);
        assert_eq!(w.config().raft.breaks.many_votes_per_term, on);
        let items = feed_since(&w, if on { from } else { 0 });
        let voted = |k: u8, c: u8| {
            items.iter().any(|h| {
                matches!(h, Happening::Voted { node, candidate, term: 1 } | Happening::VotedAgain { node, candidate, term: 1, .. } if *node == n(k) && *candidate == n(c))
            })
        };
        assert!(voted(3, 1) && voted(5, 1) && voted(4, 2));
        assert_eq!(server(&w, 1).role(), Role::Leader);
        if on {
            assert!(items.contains(&Happening::VotedAgain {
                node: n(5),
                candidate: n(2),
                first: n(1),
                term: 1
            }));
            assert_eq!(server(&w, 2).role(), Role::Leader);
            assert_eq!(server(&w, 2).term().0, 1);
            assert_eq!(
                broken(&w),
                [Property::ElectionSafety, Property::OneVotePerTerm]
            );
        } else {
            assert!(!voted(5, 2));
            assert!(items.contains(&Happening::Refused {
                node: n(5),
                candidate: n(2),
                term: 1,
                why: RefusalCause::AlreadyVoted { for_whom: n(1) }
            }));
            assert_eq!(server(&w, 2).role(), Role::Candidate);
            leader_is(&w, 1, 1);
            assert_safe(&w);
        }
        // Written.
        let from = next(&mut p, &mut w);
        let items = feed_since(&w, from);
        for k in [1, 3, 5] {
            assert_eq!(log_of(&w, k)[1], x("1"), "N{k} holds x = 1 at index 2");
            assert!(committed(&w, k) >= 2 && applied(&w, k) >= 2);
            assert_eq!(server(&w, k).kv().get("x"), Some("1"));
        }
        assert!(history(&w, 1)[0]
            .completed
            .as_ref()
            .is_some_and(|(_, r)| r.ok));
        let c2 = history(&w, 2);
        if on {
            for k in [2, 4] {
                assert_eq!(log_of(&w, k)[1], x("2"), "N{k} holds x = 2 at index 2");
                assert!(committed(&w, k) >= 2 && applied(&w, k) >= 2);
                assert_eq!(server(&w, k).kv().get("x"), Some("2"));
            }
            // N5 kept N1's entry and told N2 its log matches: N2 counted it.
            assert!(items.contains(&Happening::KeptEntries {
                node: n(5),
                leader: n(2),
                had_from: n(1),
                from: 2,
                to: 2,
                term: 1
            }));
            // N2 counted N5 for x = 2: the feed says N5 holds N1's entry there.
            assert!(items.contains(&Happening::CommittedCountingKept {
                node: n(2),
                index: 2,
                term: 1,
                follower: n(5),
                other: n(1),
                from: 2,
                to: 2
            }));
            assert!(!items
                .iter()
                .any(|h| matches!(h, Happening::Committed { node, .. } if *node == n(2))));
            assert!(sent_since(&w, from).iter().any(|e| e.from == n(5)
                && e.to == n(2)
                && matches!(e.msg, Msg::AppendReply { success: true, match_index, .. } if match_index.0 == 2)));
            assert!(
                c2[0].completed.as_ref().is_some_and(|(_, r)| r.ok),
                "C2 was told done"
            );
            assert_eq!(
                broken(&w),
                [
                    Property::ElectionSafety,
                    Property::LogMatching,
                    Property::StateMachineSafety,
                    Property::OneVotePerTerm,
                    Property::CommitOnMajority,
                    Property::CommittedKept,
                    Property::AppliedStateMatchesLog,
                    Property::RepliesMatchLog,
                ]
            );
        } else {
            assert!(items.iter().any(|h| matches!(h, Happening::Answered { server, client: 2, answer: Answer::NotLeader { hint: None }, .. } if *server == n(2))));
            assert!(c2[0].completed.is_none());
            assert!(log_of(&w, 2).is_empty() && log_of(&w, 4).is_empty());
            assert_safe(&w);
        }
        // Read.
        next(&mut p, &mut w);
        let read = &history(&w, 1)[1];
        assert!(matches!(read.op, Op::Get { .. }));
        let value = read.completed.as_ref().and_then(|(_, r)| r.value.clone());
        assert_eq!(value.as_deref(), Some("1"));
        if on {
            let done = |h: &HistoryOp| h.completed.as_ref().unwrap().0;
            assert!(
                done(&history(&w, 2)[0]) < read.invoked_at,
                "C2's write was done before C1 read"
            );
            assert!(
                done(&history(&w, 1)[0]) < history(&w, 2)[0].invoked_at,
                "C2's write came after C1's"
            );
            assert_eq!(w.linearizability().ok, Some(false));
        } else {
            assert_eq!(w.linearizability().ok, Some(true));
            assert_safe(&w);
        }
    }
    assert!(!p.run_to_cue(&mut w).unwrap(), "no cue after the last");
}

/// A run of `servers` servers and two clients with the many-votes switch, played from
/// `steps` (timed actions only) to `until_ms`: the two-leaders scenario's settings.
fn two_leaders_run(servers: u8, steps: Vec<(u64, Vec<scenario::Do>)>, until_ms: u64) -> Playground {
    use ringleader::raft::Breaks;
    use ringleader::scenario::{Caption, Step};
    let spec = ClusterSpec {
        servers,
        election_min_us: 5_000_000,
        election_max_us: 6_000_000,
        latency_min_us: 10_000,
        latency_max_us: 10_000,
        clients: 2,
        client_retry_us: 10_000_000,
        breaks: Breaks {
            many_votes_per_term: true,
            ..Breaks::default()
        },
        ..ClusterSpec::default()
    };
    let mut steps: Vec<Step> = steps
        .into_iter()
        .map(|(at_ms, actions)| Step {
            at_ms,
            actions,
            caption: Caption::default(),
            cue: false,
        })
        .collect();
    steps.push(Step {
        at_ms: until_ms,
        actions: vec![],
        caption: Caption::new("end", "end"),
        cue: true,
    });
    let mut s = scenario::find("two-leaders").unwrap();
    s.cluster = spec;
    s.steps = steps;
    let mut w = Playground::new(1, ClusterSpec::default().config());
    let mut p = Player::start(s, &mut w);
    while p.run_to_cue(&mut w).unwrap() {}
    w
}

fn cut_both(a: u8, b: u8) -> [scenario::Do; 2] {
    use ringleader::sim::Action;
    [
        scenario::Do::Act(Action::Cut {
            from: n(a),
            to: n(b),
        }),
        scenario::Do::Act(Action::Cut {
            from: n(b),
            to: n(a),
        }),
    ]
}

fn force_timeout(k: u8) -> scenario::Do {
    scenario::Do::Act(ringleader::sim::Action::Input(
        n(k),
        ringleader::raft::Input::Timeout,
    ))
}

#[test]
fn a_commit_names_only_a_follower_whose_kept_answer_reached_the_leader() {
    // Seven servers: N1 and N3 against N2, N4 and N6; N5 and N7 reach both sides. N5's link
    // to N2 is cut before its answer to N2's no-op leaves: N2 commits without it.
    let mut split: Vec<scenario::Do> = Vec::new();
    for a in [1, 3] {
        for b in [2, 4, 6] {
            split.extend(cut_both(a, b));
        }
    }
    split.push(force_timeout(1));
    let cut_5_2 = scenario::Do::Act(ringleader::sim::Action::Cut {
        from: n(5),
        to: n(2),
    });
    let w = two_leaders_run(
        7,
        vec![(1, split), (2, vec![force_timeout(2)]), (25, vec![cut_5_2])],
        100,
    );
    assert_eq!(server(&w, 2).role(), Role::Leader);
    assert!(committed(&w, 2) >= 1);
    let items = feed_since(&w, 0);
    let named: Vec<NodeId> = items
        .iter()
        .filter_map(|h| match h {
            Happening::CommittedCountingKept { node, follower, .. } if *node == n(2) => {
                Some(*follower)
            }
            _ => None,
        })
        .collect();
    assert!(
        !named.is_empty(),
        "N2's commit counted N7, which kept N1's no-op: {items:#?}"
    );
    assert!(
        !named.contains(&n(5)),
        "N5's answer never reached N2: {items:#?}"
    );
}

#[test]
fn a_follower_holding_the_other_leaders_entry_is_never_told_it_stored_this_ones() {
    // N5's link to N1 is down while N2's x = 2 reaches N5 at index 2; N1 then sends its x = 1
    // for index 2, and entry 1 again: N5 keeps x = 2 and answers with success.
    let mut split: Vec<scenario::Do> = [(1, 2), (1, 4), (3, 2), (3, 4)]
        .into_iter()
        .flat_map(|(a, b)| cut_both(a, b))
        .collect();
    split.push(force_timeout(1));
    use ringleader::sim::Action;
    let put = |client: u8, server: u8, v: &str| {
        scenario::Do::Act(Action::Input(
            NodeId(5 + client - 1),
            ringleader::raft::Input::SubmitTo(
                n(server),
                Op::Put {
                    key: "x".into(),
                    value: v.into(),
                },
            ),
        ))
    };
    let w = two_leaders_run(
        5,
        vec![
            (1, split),
            (2, vec![force_timeout(2)]),
            (
                25,
                vec![scenario::Do::Act(Action::Cut {
                    from: n(5),
                    to: n(1),
                })],
            ),
            (40, vec![put(2, 2, "2")]),
            (45, vec![put(1, 1, "1")]),
            (
                90,
                vec![scenario::Do::Act(Action::Heal {
                    from: n(5),
                    to: n(1),
                })],
            ),
        ],
        300,
    );
    assert_eq!(log_of(&w, 5)[1], (1, "x=2".to_string()));
    assert_eq!(log_of(&w, 1)[1], (1, "x=1".to_string()));
    let items = feed_since(&w, 0);
    assert!(
        items.contains(&Happening::KeptEntries {
            node: n(5),
            leader: n(1),
            had_from: n(2),
            from: 2,
            to: 2,
            term: 1
        }),
        "{items:#?}"
    );
    assert!(
        !items.iter().any(|h| matches!(h, Happening::AcceptedEntries { node, leader, to, .. } if *node == n(5) && *leader == n(1) && *to >= 2)),
        "{items:#?}"
    );
    // N1 counted N5 for index 2, and the feed says what N5 holds there.
    assert!(items.contains(&Happening::CommittedCountingKept {
        node: n(1),
        index: 2,
        term: 1,
        follower: n(5),
        other: n(2),
        from: 2,
        to: 2
    }));
    assert!(!items
        .iter()
        .any(|h| matches!(h, Happening::Committed { node, index: 2, .. } if *node == n(1))));
}

#[test]
fn a_leader_made_a_follower_by_another_of_its_term_says_so_and_keeps_its_own_entries() {
    // N1 and N2 both lead term 1 on their sides; once N1 reaches N2, N2 steps down in the
    // same term and keeps its own entries 1 and 2 where N1 sends its own.
    let mut split: Vec<scenario::Do> = [(1, 2), (1, 4), (3, 2), (3, 4)]
        .into_iter()
        .flat_map(|(a, b)| cut_both(a, b))
        .collect();
    split.push(force_timeout(1));
    use ringleader::sim::Action;
    let put = |client: u8, server: u8, v: &str| {
        scenario::Do::Act(Action::Input(
            NodeId(5 + client - 1),
            ringleader::raft::Input::SubmitTo(
                n(server),
                Op::Put {
                    key: "x".into(),
                    value: v.into(),
                },
            ),
        ))
    };
    let w = two_leaders_run(
        5,
        vec![
            (1, split),
            (2, vec![force_timeout(2)]),
            (40, vec![put(1, 1, "a")]),
            (45, vec![put(2, 2, "b")]),
            (70, vec![put(1, 1, "c")]),
            (
                130,
                vec![scenario::Do::Act(Action::Heal {
                    from: n(1),
                    to: n(2),
                })],
            ),
        ],
        300,
    );
    assert_eq!(server(&w, 2).role(), Role::Follower);
    assert_eq!(log_of(&w, 2)[1], (1, "x=b".to_string()));
    let items = feed_since(&w, 0);
    assert!(
        items.contains(&Happening::SteppedDown {
            node: n(2),
            term: 1,
            why: StepDownCause::SameTermLeader { from: n(1) }
        }),
        "{items:#?}"
    );
    assert!(
        items.iter().any(|h| matches!(h, Happening::KeptEntries { node, leader, had_from, from: 1, to: 2, term: 1 } if *node == n(2) && *leader == n(1) && *had_from == n(2))),
        "{items:#?}"
    );
    assert!(
        !items.iter().any(|h| matches!(h, Happening::AcceptedEntries { node, from, .. } if *node == n(2) && *from <= 2)),
        "{items:#?}"
    );
}

#[test]
fn a_follower_that_crashes_still_holds_the_other_leaders_entries_it_kept() {
    // N5 cannot answer N2 while it holds N1's entries; it crashes and restarts with them on
    // its disk, then answers N2 with success: kept, not stored, and N2's commit says so.
    let mut split: Vec<scenario::Do> = [(1, 2), (1, 4), (3, 2), (3, 4)]
        .into_iter()
        .flat_map(|(a, b)| cut_both(a, b))
        .collect();
    split.push(force_timeout(1));
    use ringleader::sim::Action;
    let put = |client: u8, server: u8, v: &str| {
        scenario::Do::Act(Action::Input(
            NodeId(5 + client - 1),
            ringleader::raft::Input::SubmitTo(
                n(server),
                Op::Put {
                    key: "x".into(),
                    value: v.into(),
                },
            ),
        ))
    };
    let w = two_leaders_run(
        5,
        vec![
            (1, split),
            (2, vec![force_timeout(2)]),
            (
                25,
                vec![scenario::Do::Act(Action::Cut {
                    from: n(2),
                    to: n(5),
                })],
            ),
            (40, vec![put(1, 1, "a")]),
            (45, vec![put(2, 2, "b")]),
            (100, vec![scenario::Do::Act(Action::Crash(n(5)))]),
            (110, vec![scenario::Do::Act(Action::Restart(n(5)))]),
            (
                120,
                vec![scenario::Do::Act(Action::Heal {
                    from: n(2),
                    to: n(5),
                })],
            ),
        ],
        300,
    );
    assert_eq!(log_of(&w, 5)[1], (1, "x=a".to_string()));
    let items = feed_since(&w, 0);
    assert!(
        !items.iter().any(|h| matches!(h, Happening::AcceptedEntries { node, leader, .. } if *node == n(5) && *leader == n(2))),
        "{items:#?}"
    );
    assert!(
        items.iter().any(|h| matches!(h, Happening::KeptEntries { node, leader, had_from, to: 2, .. } if *node == n(5) && *leader == n(2) && *had_from == n(1))),
        "{items:#?}"
    );
    assert!(
        !items
            .iter()
            .any(|h| matches!(h, Happening::Committed { node, index: 2, .. } if *node == n(2))),
        "{items:#?}"
    );
}

#[test]
fn a_candidate_behind_wins_and_loses_a_committed_write_with_the_switch_and_cannot_without() {
    let (mut p, mut w) = start("stale-candidate");
    let x1 = (1, "x=1".to_string());
    let read = |w: &Playground, client: u8, i: usize| {
        let op = &history(w, client)[i];
        assert!(matches!(op.op, Op::Get { .. }));
        op.completed.as_ref().map(|(_, r)| r.value.clone())
    };
    for on in [true, false] {
        if !on {
            // The restart's cue.
            next(&mut p, &mut w);
            assert_eq!(w.sim().now(), SimTime::ZERO);
        }
        if on {
            // Opening.
            next(&mut p, &mut w);
            assert!(w.config().raft.breaks.no_up_to_date_check);
            assert_eq!(server(&w, 1).role(), Role::Candidate);
            assert_eq!(server(&w, 1).term().0, 1);
            // Written.
            next(&mut p, &mut w);
            leader_is(&w, 1, 1);
            for k in 1..=3 {
                assert_eq!(
                    log_of(&w, k).get(1),
                    Some(&x1),
                    "N{k} stores x = 1 at index 2"
                );
            }
            assert!(committed(&w, 1) >= 2);
            assert!(history(&w, 1)[0]
                .completed
                .as_ref()
                .is_some_and(|(_, r)| r.ok));
            for k in [4, 5] {
                assert_eq!(log_of(&w, k).len(), 1, "N{k} lacks it");
                let up = |a: u8, b: u8| w.sim().network().is_up(n(a), n(b));
                assert!(!up(1, k) && !up(k, 1));
            }
            assert_safe(&w);
        }
        // Elected.
        let from = next(&mut p, &mut w);
        assert_eq!(w.config().raft.breaks.no_up_to_date_check, on);
        assert!(!w.sim().is_alive(n(1)));
        assert!(w.sim().network().cut_links().is_empty(), "healed");
        let items = feed_since(&w, from);
        assert!(items.contains(&Happening::StartedElection {
            node: n(4),
            term: 2,
            why: ElectionCause::Forced
        }));
        // N4 asked with a log that ends at index 1, of term 1.
        assert!(sent_since(&w, from).iter().any(|e| e.from == n(4)
            && matches!(e.msg, Msg::RequestVote { term, last_log_index, last_log_term, pre_vote: false, .. }
                if (term.0, last_log_index.0, last_log_term.0) == (2, 1, 1))));
        let vote = |k: u8| Happening::Voted {
            node: n(k),
            candidate: n(4),
            term: 2,
        };
        assert!(items.contains(&vote(5)));
        if on {
            for k in [2, 3] {
                assert!(items.contains(&vote(k)));
                assert!(items.contains(&Happening::Discarded {
                    node: n(k),
                    leader: n(4),
                    from: 2,
                    to: 2
                }));
                assert_eq!(log_of(&w, k).get(1), Some(&(2, "noop".to_string())));
            }
            leader_is(&w, 4, 2);
            assert_eq!(
                broken(&w),
                [
                    Property::LeaderCompleteness,
                    Property::StateMachineSafety,
                    Property::CommittedKept,
                    Property::AppliedStateMatchesLog,
                ]
            );
        } else {
            for k in [2, 3] {
                assert!(items.contains(&Happening::Refused {
                    node: n(k),
                    candidate: n(4),
                    term: 2,
                    why: RefusalCause::LogBehind {
                        candidate: (1, 1),
                        voter: (2, 1)
                    }
                }));
                assert_eq!(log_of(&w, k).get(1), Some(&x1));
            }
            assert_eq!(server(&w, 4).role(), Role::Candidate);
            assert!(leader(w.sim()).is_none());
            assert_eq!(
                server(&w, 2).term().0,
                2,
                "N2 moved to term 2 on N4's request"
            );
            // The write was committed in this run too.
            assert!(history(&w, 1)[0]
                .completed
                .as_ref()
                .is_some_and(|(_, r)| r.ok));
            assert!(committed(&w, 2) >= 2);
            assert_safe(&w);
        }
        assert_ne!(w.linearizability().ok, Some(false));
        // Read.
        let from = next(&mut p, &mut w);
        if on {
            assert_eq!(read(&w, 2, 0), Some(None), "no value");
            assert!(feed_since(&w, from).iter().any(
                |h| matches!(h, Happening::Answered { server, client: 2, .. } if *server == n(4))
            ));
            assert!(history(&w, 1)[0].completed.as_ref().unwrap().0 < history(&w, 2)[0].invoked_at);
            assert_eq!(w.linearizability().ok, Some(false));
        } else {
            assert_eq!(read(&w, 2, 0), None, "unanswered");
            assert!(feed_since(&w, from).iter().any(|h| matches!(h, Happening::Answered { server, client: 2, answer: Answer::NotLeader { hint: None }, .. } if *server == n(4))));
            assert_safe(&w);
        }
    }
    // Without the switch, N2 wins term 3 with the votes of N3, N4 and N5 and reads x = 1.
    let from = next(&mut p, &mut w);
    leader_is(&w, 2, 3);
    let items = feed_since(&w, from);
    for k in [3, 4, 5] {
        assert!(items.contains(&Happening::Voted {
            node: n(k),
            candidate: n(2),
            term: 3
        }));
    }
    assert_eq!(read(&w, 1, 1), Some(Some("1".to_string())));
    assert!(items
        .iter()
        .any(|h| matches!(h, Happening::Answered { server, client: 1, .. } if *server == n(2))));
    assert_eq!(
        log_of(&w, 2).get(1),
        Some(&x1),
        "N2 still holds x = 1 at index 2"
    );
    assert_eq!(server(&w, 2).term().0, 3);
    assert_safe(&w);
    assert_eq!(w.linearizability().ok, Some(true));
    assert!(!p.run_to_cue(&mut w).unwrap(), "no cue after the last");
}

#[test]
fn figure_8_loses_a_committed_entry_with_the_switch_and_keeps_it_without() {
    let (mut p, mut w) = start("figure-8");
    let entry = |w: &Playground, k: u8, i: usize| log_of(w, k).get(i - 1).cloned();
    let a = (2, "x=A".to_string());
    let b = (3, "x=B".to_string());
    next(&mut p, &mut w);
    assert!(w.config().raft.breaks.commit_old_terms_by_count);
    assert_eq!(server(&w, 2).role(), Role::Candidate);
    assert_eq!(server(&w, 2).term().0, 1);
    next(&mut p, &mut w);
    leader_is(&w, 2, 1);
    for k in 1..=5 {
        assert_eq!(
            log_of(&w, k),
            [(1, "x=0".to_string())],
            "no no-op with the switch"
        );
        assert_eq!(committed(&w, k), 1);
    }
    // (a)
    next(&mut p, &mut w);
    leader_is(&w, 1, 2);
    assert_eq!(entry(&w, 1, 2), Some(a.clone()));
    assert_eq!(entry(&w, 2, 2), Some(a.clone()));
    for k in 3..=5 {
        assert_eq!(entry(&w, k, 2), None);
    }
    assert_eq!(committed(&w, 1), 1);
    // (b)
    let from = next(&mut p, &mut w);
    assert!(!w.sim().is_alive(n(1)));
    leader_is(&w, 5, 3);
    let items = feed_since(&w, from);
    for k in [3, 4] {
        assert!(items.contains(&Happening::Voted {
            node: n(k),
            candidate: n(5),
            term: 3
        }));
    }
    assert!(sent_since(&w, from).iter().any(|e| e.from == n(2)
        && e.to == n(5)
        && matches!(e.msg, Msg::Vote { granted: false, term, .. } if term.0 == 3)));
    // "N2 refused: its last entry is newer than N5's", in the feed too.
    assert!(items.contains(&Happening::Refused {
        node: n(2),
        candidate: n(5),
        term: 3,
        why: RefusalCause::LogBehind {
            candidate: (1, 1),
            voter: (2, 2)
        }
    }));
    assert_eq!(entry(&w, 5, 2), Some(b.clone()));
    for k in 2..=4 {
        assert_ne!(entry(&w, k, 2), Some(b.clone()));
    }
    // (c)
    let from = next(&mut p, &mut w);
    assert!(!w.sim().is_alive(n(5)));
    leader_is(&w, 1, 4);
    let items = feed_since(&w, from);
    assert!(items.contains(&Happening::StartedElection {
        node: n(1),
        term: 3,
        why: ElectionCause::Forced
    }));
    // "N3 and N4 had voted in term 3", said as the reason they refused N1.
    for k in [3, 4] {
        assert!(items.contains(&Happening::Refused {
            node: n(k),
            candidate: n(1),
            term: 3,
            why: RefusalCause::AlreadyVoted { for_whom: n(5) }
        }));
    }
    assert!(items.contains(&Happening::BecameLeader {
        node: n(1),
        term: 4,
        noop: false
    }));
    for k in 1..=4 {
        assert_eq!(entry(&w, k, 2), Some(a.clone()), "A on N{k}");
        assert_eq!(server(&w, k).kv().get("x"), Some("A"), "N{k} applied x = A");
    }
    assert!(items.contains(&Happening::Committed {
        node: n(1),
        index: 2,
        term: 4,
        entry_term: Some(2)
    }));
    assert_safe(&w);
    // (d)
    let from = next(&mut p, &mut w);
    let first_violation = w.checker().violations()[0].time;
    assert!(
        first_violation > SimTime::from_millis(800),
        "only after N5 wins"
    );
    leader_is(&w, 5, 5);
    let items = feed_since(&w, from);
    assert!(items.contains(&Happening::StartedElection {
        node: n(5),
        term: 4,
        why: ElectionCause::Forced
    }));
    for k in 2..=4 {
        assert!(items.contains(&Happening::Voted {
            node: n(k),
            candidate: n(5),
            term: 5
        }));
        assert_eq!(entry(&w, k, 2), Some(b.clone()), "B overwrote A on N{k}");
        // B was not committed when N2 to N4 stored it (their commit index still counted A):
        // the feed does not say the leader had committed it without them.
        assert!(!items.iter().any(|h| matches!(h,
            Happening::AcceptedEntries { node, committed: true, .. } if *node == n(k))));
        assert!(items.iter().any(|h| matches!(h,
            Happening::AcceptedEntries { node, from: 2, committed: false, .. } if *node == n(k))));
    }
    // "on every running server (only N1, down, still holds it)"
    assert!(!w.sim().is_alive(n(1)));
    assert_eq!(entry(&w, 1, 2), Some(a.clone()), "N1, down, still holds A");
    assert!(w.checker().first(Property::LeaderCompleteness).is_some());
    assert!(w.checker().first(Property::StateMachineSafety).is_some());
    // The caption's three rows, and no other: the third (terms, votes and commit bounds)
    // for the committed entry that was lost; Figure 3's other three hold.
    let broken: Vec<Property> = w
        .checker()
        .violations()
        .iter()
        .map(|v| v.property)
        .collect();
    assert!(broken.contains(&Property::CommittedKept));
    for holds in [
        Property::ElectionSafety,
        Property::LeaderAppendOnly,
        Property::LogMatching,
    ] {
        assert!(!broken.contains(&holds), "{holds:?}: {broken:?}");
    }
    next(&mut p, &mut w);
    for k in 2..=4 {
        assert_eq!(server(&w, k).kv().get("x"), Some("A"));
        assert_eq!(applied(&w, k), 2);
    }
    assert_eq!(server(&w, 5).kv().get("x"), Some("B"));
    assert_eq!(applied(&w, 5), 2);
    // (e): the same actions, the switch off.
    let schedule = w.sim().commands().to_vec();
    next(&mut p, &mut w);
    assert_eq!(w.sim().now(), SimTime::ZERO);
    assert!(!w.config().raft.breaks.commit_old_terms_by_count);
    let from = next(&mut p, &mut w);
    leader_is(&w, 1, 4);
    let a_at = log_of(&w, 1).iter().position(|e| *e == a).unwrap() as u64 + 1;
    let last = server(&w, 1).log().last_index().0;
    assert_eq!(log_of(&w, 1).last().unwrap(), &(4, "noop".to_string()));
    for k in 2..=4 {
        assert_eq!(log_of(&w, k), log_of(&w, 1), "A and the no-op on N{k}");
    }
    let commits: Vec<_> = feed_since(&w, from)
        .into_iter()
        .filter_map(|h| match h {
            Happening::Committed {
                node,
                index,
                term: 4,
                entry_term,
            } if node == n(1) => Some((index, entry_term)),
            _ => None,
        })
        .collect();
    assert_eq!(
        commits,
        [(last, Some(4))],
        "A committed only with the no-op of term 4"
    );
    assert!(a_at < last);
    let from = next(&mut p, &mut w);
    assert!(!p.run_to_cue(&mut w).unwrap(), "the end");
    assert_ne!(leader(w.sim()).map(|l| l.0), Some(n(5)), "N5 cannot win");
    for k in 2..=4 {
        assert!(sent_since(&w, from).iter().any(|e| e.from == n(k)
            && e.to == n(5)
            && matches!(e.msg, Msg::Vote { granted: false, term, .. } if term.0 == 5)));
        // "Their last entry, the no-op of term 4, is newer than N5's of term 3", in the feed.
        assert!(feed_since(&w, from).iter().any(|h| matches!(h,
            Happening::Refused { node, candidate, term: 5,
                why: RefusalCause::LogBehind { candidate: (_, 3), voter: (_, 4) } }
            if *node == n(k) && *candidate == n(5))));
        assert_eq!(log_of(&w, k)[a_at as usize - 1], a, "A kept on N{k}");
        assert!(committed(&w, k) >= a_at);
    }
    assert_safe(&w);
    assert_eq!(w.sim().commands(), schedule.as_slice(), "the same schedule");
}

// ---- Raft: network ----

#[test]
fn without_pre_vote_a_rejoining_node_disrupts_and_with_it_it_just_follows() {
    let (mut p, mut w) = start("pre-vote");
    next(&mut p, &mut w);
    leader_is(&w, 1, 1);
    next(&mut p, &mut w);
    assert!(!w.sim().network().is_up(n(2), n(1)));
    let from = next(&mut p, &mut w);
    assert_eq!(server(&w, 2).term().0, 10);
    assert!(feed_since(&w, from).iter().any(|h| matches!(h,
        Happening::StartedElection { node, why: ElectionCause::TimerAgain, .. } if *node == n(2))));
    assert!((1..=5)
        .filter(|&k| k != 2)
        .all(|k| server(&w, k).term().0 == 1));
    next(&mut p, &mut w);
    assert_eq!(server(&w, 2).term().0, 11);
    let from = next(&mut p, &mut w);
    let stepped_down = Happening::SteppedDown {
        node: n(1),
        term: 11,
        why: StepDownCause::HigherTerm { from: n(2) },
    };
    assert!(feed_since(&w, from).contains(&stepped_down));
    // A candidate hearing the higher term gives up its election, and the feed says so (N5's
    // election for term 2 was left hanging, then N5 voted in term 12): N5 heard it from N1.
    assert!(feed_since(&w, from).contains(&Happening::GaveUp {
        node: n(5),
        term: 11,
        from: n(1),
    }));
    leader_is(&w, 2, 12);
    assert_safe(&w);
    // With Pre-Vote, from time zero.
    next(&mut p, &mut w);
    assert!(w.config().raft.pre_vote);
    let from = next(&mut p, &mut w);
    leader_is(&w, 5, 1);
    assert!(feed_since(&w, from).contains(&Happening::StartedElection {
        node: n(5),
        term: 1,
        why: ElectionCause::PreVoteWon
    }));
    assert!(
        !feed_since(&w, from).iter().any(|h| matches!(
            h,
            Happening::StartedElection {
                why: ElectionCause::Timer,
                ..
            }
        )),
        "nobody is said to have timed out into an election"
    );
    next(&mut p, &mut w);
    let from = next(&mut p, &mut w);
    assert_eq!(server(&w, 1).term().0, 1, "its term stays 1");
    assert_eq!(server(&w, 1).role(), Role::PreCandidate);
    let items = feed_since(&w, from);
    assert!(items.contains(&Happening::StartedPreVote {
        node: n(1),
        term: 2,
        why: PreVoteCause::Timer
    }));
    assert!(items.contains(&Happening::StartedPreVote {
        node: n(1),
        term: 2,
        why: PreVoteCause::TimerAgain
    }));
    assert!(!items
        .iter()
        .any(|h| matches!(h, Happening::StartedElection { .. })));
    assert!(
        sent_since(&w, from).iter().all(|e| e.from != n(1)
            || !matches!(
                e.msg,
                Msg::RequestVote {
                    pre_vote: false,
                    ..
                }
            )),
        "no real election"
    );
    next(&mut p, &mut w);
    assert_eq!(server(&w, 1).term().0, 1);
    let from = next(&mut p, &mut w);
    leader_is(&w, 5, 1);
    assert!(feed_since(&w, from).contains(&Happening::Follows {
        node: n(1),
        leader: n(5),
        term: 1
    }));
    assert_safe(&w);
}

#[test]
fn with_check_quorum_a_cut_off_leader_steps_down_by_itself() {
    let (mut p, mut w) = start("check-quorum");
    next(&mut p, &mut w);
    assert!(w.config().raft.check_quorum);
    leader_is(&w, 4, 1);
    let from = next(&mut p, &mut w);
    assert_eq!(server(&w, 4).role(), Role::Leader);
    assert!(feed_since(&w, from)
        .iter()
        .any(|h| matches!(h, Happening::Partitioned { groups, .. } if groups[0] == vec![n(4)])));
    let from = next(&mut p, &mut w);
    // "Among the other four, N5 won the election for term 3".
    leader_is(&w, 5, 3);
    assert_eq!(
        (server(&w, 4).role(), server(&w, 4).term().0),
        (Role::Leader, 1)
    );
    let items = feed_since(&w, from);
    assert!(items
        .iter()
        .any(|h| matches!(h, Happening::StartedElection { term: 2, .. })));
    assert!(
        !items
            .iter()
            .any(|h| matches!(h, Happening::BecameLeader { term: 2, .. })),
        "term 2 ended without a leader"
    );
    let from = next(&mut p, &mut w);
    assert_eq!(
        (server(&w, 4).role(), server(&w, 4).term().0),
        (Role::Follower, 1)
    );
    assert!(feed_since(&w, from).contains(&Happening::SteppedDown {
        node: n(4),
        term: 1,
        why: StepDownCause::LostQuorum
    }));
    next(&mut p, &mut w);
    let from = next(&mut p, &mut w);
    assert_eq!(server(&w, 4).term().0, 3);
    assert_eq!(server(&w, 4).leader(), Some(n(5)));
    assert!(!feed_since(&w, from)
        .iter()
        .any(|h| matches!(h, Happening::StartedElection { .. })));
    leader_is(&w, 5, 3);
    assert_safe(&w);
}

#[test]
fn a_scenario_asking_a_client_the_cluster_lacks_is_refused() {
    let mut s = scenario::find("majority-lost").unwrap();
    s.cluster.clients = 1;
    let why = s.validate().unwrap_err().to_string();
    assert!(why.contains("client 2"), "{why}");
}

#[test]
fn a_scenario_naming_ring_settings_or_nodes_the_ring_cannot_have_is_refused() {
    use ringleader::scenario::Do;
    let with = |d: Do| {
        let mut s = scenario::find("mod-n").unwrap();
        s.steps[1].actions = vec![d];
        s.validate()
    };
    assert!(with(Do::RingVnodes(100_000))
        .unwrap_err()
        .to_string()
        .contains("100000 virtual nodes (1 to 1000)"));
    assert!(with(Do::RingReplicas(50))
        .unwrap_err()
        .to_string()
        .contains("50 replicas (1 to 5)"));
    let why = with(Do::RingRemove("N9".into())).unwrap_err().to_string();
    assert!(why.contains("ring node N9"), "{why}");
    // What the ring has, or a step gave it, is fine.
    assert_eq!(with(Do::RingVnodes(1000)), Ok(()));
    assert_eq!(with(Do::RingRemove("N4".into())), Ok(()));
    assert_eq!(scenario::find("mod-n").unwrap().validate(), Ok(()));
}

// ---- Reads without the log ----

/// C1's operations, as (op, answer) with the answer's value.
fn reads_of(w: &Playground, client: u8) -> Vec<(Op, Option<Option<String>>)> {
    history(w, client)
        .into_iter()
        .map(|h| (h.op, h.completed.map(|(_, r)| r.value)))
        .collect()
}

fn answered_read(items: &[Happening]) -> Option<(NodeId, Option<String>, ReadWay)> {
    items.iter().find_map(|h| match h {
        Happening::Answered {
            server,
            op: Some(Op::Get { .. }),
            answer: Answer::Done(reply),
            read: Some(way),
            ..
        } => Some((*server, reply.value.clone(), *way)),
        _ => None,
    })
}

/// The shared first four cues of stale-read and read-index: N4 leads term 1, is cut off,
/// N5 is elected for term 2 and C2's write x = 1 completes through it; C1 asks N4.
fn deposed_leader_story(id: &str) -> (Player, Playground) {
    let (mut p, mut w) = start(id);
    next(&mut p, &mut w);
    leader_is(&w, 4, 1);
    assert_eq!(w.config().setup(NodeId(5)).read, ReadPath::ReadIndex);
    let from = next(&mut p, &mut w);
    assert!(feed_since(&w, from).iter().any(|h| matches!(h,
        Happening::Partitioned { groups, .. } if groups[0] == vec![n(4)])));
    let from = next(&mut p, &mut w);
    leader_is(&w, 5, 2);
    assert_eq!(
        (server(&w, 4).role(), server(&w, 4).term().0),
        (Role::Leader, 1)
    );
    assert!(feed_since(&w, from).contains(&Happening::ClientSent {
        client: 2,
        server: n(5),
        op: Op::Put {
            key: "x".into(),
            value: "1".into()
        },
        why: SendCause::New
    }));
    let from = next(&mut p, &mut w);
    assert_eq!(
        history(&w, 2)[0].completed.as_ref().map(|(_, r)| r.ok),
        Some(true),
        "x = 1 completed"
    );
    assert!(feed_since(&w, from).contains(&Happening::ClientSent {
        client: 1,
        server: n(4),
        op: Op::Get { key: "x".into() },
        why: SendCause::New
    }));
    (p, w)
}

#[test]
fn a_deposed_leader_that_does_not_confirm_answers_a_stale_read() {
    let (mut p, mut w) = deposed_leader_story("stale-read");
    assert!(w.config().raft.breaks.unconfirmed_reads);
    let from = next(&mut p, &mut w);
    assert_eq!(
        server(&w, 4).role(),
        Role::Leader,
        "N4 still believes it leads"
    );
    assert_eq!(server(&w, 4).term().0, 1);
    assert_eq!(
        answered_read(&feed_since(&w, from)),
        Some((n(4), None, ReadWay::OwnState))
    );
    assert_eq!(
        reads_of(&w, 1),
        vec![(Op::Get { key: "x".into() }, Some(None))]
    );
    let model = w.history();
    assert_eq!(model.verdict.ok, Some(false), "{:?}", model.verdict);
    assert_safe(&w);
}

#[test]
fn read_index_waits_for_a_round_the_deposed_leader_cannot_complete() {
    let (mut p, mut w) = deposed_leader_story("read-index");
    assert!(!w.config().raft.breaks.unconfirmed_reads);
    let from = next(&mut p, &mut w);
    let items = feed_since(&w, from);
    // "N4 started a heartbeat round to confirm the read", at its commit index (1); so did
    // N5, at 3, where the round succeeded.
    let rounds: Vec<(NodeId, u64)> = items
        .iter()
        .filter_map(|h| match h {
            Happening::ConfirmingRead {
                leader,
                client: 1,
                index,
                lease: false,
            } => Some((*leader, *index)),
            _ => None,
        })
        .collect();
    assert_eq!(rounds, [(n(4), 1), (n(5), 3)]);
    // N4 never answers; C1 retries with N5 after its 400 ms and reads x = 1 there.
    assert!(!items
        .iter()
        .any(|h| matches!(h, Happening::Answered { server, .. } if *server == n(4))));
    assert!(items.contains(&Happening::ClientSent {
        client: 1,
        server: n(5),
        op: Op::Get { key: "x".into() },
        why: SendCause::Retry
    }));
    assert_eq!(
        answered_read(&items),
        Some((n(5), Some("1".into()), ReadWay::ReadIndex))
    );
    let c1 = history(&w, 1);
    let (invoked, retried) = (c1[0].invoked_at, w.config().client_retry);
    assert_eq!(retried, Duration::from_millis(400));
    assert!(c1[0].completed.as_ref().unwrap().0 > invoked + retried);
    assert_eq!(w.history().verdict.ok, Some(true));
    assert_safe(&w);
}

#[test]
fn a_lease_read_returns_an_old_value_when_clocks_drift_beyond_the_bound() {
    let (mut p, mut w) = start("lease-drift");
    next(&mut p, &mut w);
    leader_is(&w, 1, 1);
    assert_eq!(w.config().clock_pct, vec![25, 250, 250, 250, 250]);
    assert_eq!(w.config().raft.drift_bound_pct, 10);
    assert_eq!(w.config().setup(NodeId(5)).read, ReadPath::Lease);
    // The lease: 150 ms × 0.9 ÷ 1.1 = 122 ms on N1's clock, 488 ms of real time.
    assert_eq!(w.config().raft.lease(), Duration(122_727));
    let from = next(&mut p, &mut w);
    assert_eq!(
        answered_read(&feed_since(&w, from)),
        Some((n(1), None, ReadWay::Lease))
    );
    assert!(server(&w, 1).lease_until().is_some());
    // The others stop honouring it after 150 ms of their clocks, 60 ms of real time at
    // 250 %; term 2 splits, N5 wins term 3.
    assert_eq!(
        w.config().raft.election_timeout_min,
        Duration::from_millis(150)
    );
    let from = next(&mut p, &mut w);
    leader_is(&w, 5, 3);
    let items = feed_since(&w, from);
    assert!(items
        .iter()
        .any(|h| matches!(h, Happening::StartedElection { term: 2, .. })));
    assert!(!items
        .iter()
        .any(|h| matches!(h, Happening::BecameLeader { term: 2, .. })));
    next(&mut p, &mut w);
    assert_eq!(
        history(&w, 2)[0].completed.as_ref().map(|(_, r)| r.ok),
        Some(true)
    );
    let from = next(&mut p, &mut w);
    assert_eq!(
        (server(&w, 1).role(), server(&w, 1).term().0),
        (Role::Leader, 1)
    );
    assert_eq!(
        answered_read(&feed_since(&w, from)),
        Some((n(1), None, ReadWay::Lease))
    );
    let lease_end = server(&w, 1).lease_until().unwrap();
    let answered_at = history(&w, 1)[1].completed.as_ref().unwrap().0;
    assert!(
        lease_end > answered_at,
        "within its lease by its own clock when it answered"
    );
    assert_eq!(w.history().verdict.ok, Some(false));
    assert_safe(&w);
}

/// Under loss, a leader sends entries again that a follower already stored (its answer was
/// lost, or left after the next message): the feed tells what each message stored that the
/// follower did not have, and what it carried again, never the same entries twice.
#[test]
fn entries_a_follower_already_had_are_not_told_stored_again() {
    let mut repeats = 0;
    for seed in 1..40u64 {
        let mut w = Playground::new(seed, ClusterSpec::default().config());
        w.apply(Intent::SetLoss(30));
        w.apply(Intent::Play(true));
        for _ in 0..60 {
            w.apply(Intent::ClientWrite);
            for _ in 0..40 {
                w.tick(100_000);
            }
        }
        // (follower, leader) -> the entries it was last told to have stored from that leader.
        let mut told: ringleader::sim::map::SortedMap<(NodeId, NodeId), (u64, u64)> =
            Default::default();
        for item in w.feed(100_000, 100_000).iter().rev() {
            if let Happening::AcceptedEntries {
                node,
                leader,
                from,
                to,
                repeated,
                ..
            } = item.what
            {
                if let Some(&(lo, hi)) = told.get(&(node, leader)) {
                    assert!(
                        from > hi || to < lo,
                        "seed {seed}: {node} told to store {from}–{to} from {leader} after {lo}–{hi}"
                    );
                }
                repeats += u32::from(repeated > 0);
                told.insert((node, leader), (from - repeated, to));
            }
        }
    }
    assert!(repeats > 0, "some message carried entries again");
}
