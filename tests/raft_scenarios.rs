//! Whole-cluster scenarios in the simulator, with the safety checker watching every event.

use ringleader::check::linearizability::{self, Verdict};
use ringleader::check::{Property, SafetyChecker};
use ringleader::raft::{
    Actor, Breaks, ClientSetup, ClusterConfig, Input, Msg, Op, RaftSim, ReadPath, Role, Term,
};
use ringleader::sim::{Action, Cause, Command, Duration, NodeId, SimTime};

struct Run {
    sim: RaftSim,
    checker: SafetyChecker,
}

fn cluster(servers: u8, clients: u8, tweak: impl FnOnce(&mut ClusterConfig)) -> Run {
    let mut cfg = ClusterConfig {
        servers,
        clients,
        ..ClusterConfig::default()
    };
    tweak(&mut cfg);
    Run {
        sim: cfg.build(7),
        checker: SafetyChecker::new(),
    }
}

const fn n(k: u8) -> NodeId {
    NodeId(k - 1)
}

impl Run {
    fn at(&mut self, ms: u64, action: Action<Input>) -> &mut Self {
        self.sim
            .schedule(Command {
                at: SimTime::from_millis(ms),
                action,
            })
            .unwrap();
        self
    }
    fn until(&mut self, ms: u64) -> &mut Self {
        let end = SimTime::from_millis(ms);
        while self.sim.next_time().is_some_and(|t| t <= end) {
            let ev = self.sim.step().unwrap().unwrap();
            self.checker.observe(&self.sim, &ev);
        }
        self
    }
    fn server(&self, id: NodeId) -> &ringleader::raft::Server {
        self.sim.node(id).as_server().unwrap()
    }
    fn servers(&self) -> impl Iterator<Item = &ringleader::raft::Server> {
        self.sim.nodes().iter().filter_map(Actor::as_server)
    }
    /// The live leader of the highest term.
    fn leader(&self) -> Option<(NodeId, Term)> {
        self.servers()
            .filter(|s| s.role() == Role::Leader && self.sim.is_alive(s.id()))
            .map(|s| (s.id(), s.term()))
            .max_by_key(|&(_, t)| t)
    }
    fn submit(&mut self, ms: u64, client: NodeId, op: Op) -> &mut Self {
        self.at(ms, Action::Input(client, Input::Submit(op)))
    }
    fn assert_safe(&self) {
        assert!(self.checker.is_clean(), "{:#?}", self.checker.violations());
    }
}

fn put(k: &str, v: &str) -> Op {
    Op::Put {
        key: k.into(),
        value: v.into(),
    }
}

#[test]
fn the_first_election_produces_exactly_one_leader_that_everyone_follows() {
    for servers in [1u8, 2, 3, 4, 5, 6, 7, 8, 9] {
        let mut r = cluster(servers, 0, |_| {});
        r.until(2000);
        let (leader, term) = r
            .leader()
            .unwrap_or_else(|| panic!("{servers} servers elect a leader"));
        assert_eq!(r.servers().filter(|s| s.role() == Role::Leader).count(), 1);
        assert!(
            r.servers()
                .all(|s| s.term() == term && s.leader() == Some(leader)),
            "{servers}"
        );
        r.assert_safe();
    }
}

#[test]
fn a_crashed_leader_is_replaced_by_one_of_a_higher_term() {
    let mut r = cluster(5, 0, |_| {});
    r.until(1000);
    let (old, term) = r.leader().unwrap();
    r.at(1001, Action::Crash(old)).until(3000);
    let (new, new_term) = r.leader().expect("re-elected");
    assert_ne!(new, old);
    assert!(new_term > term);
    r.assert_safe();
}

#[test]
fn even_sized_clusters_elect_and_commit() {
    for servers in [2u8, 4, 6] {
        let mut r = cluster(servers, 1, |_| {});
        let client = NodeId(servers);
        r.until(1000);
        r.submit(1001, client, put("k", "v")).until(2000);
        assert!(
            r.servers().all(|s| s.kv().get("k") == Some("v")),
            "{servers} servers"
        );
        r.assert_safe();
    }
}

#[test]
fn a_one_server_cluster_commits_on_its_own() {
    let mut r = cluster(1, 1, |_| {});
    r.submit(500, NodeId(1), put("x", "1")).until(1000);
    assert_eq!(r.server(n(1)).kv().get("x"), Some("1"));
    r.assert_safe();
}

#[test]
fn a_minority_partition_has_no_leader_that_commits_and_healing_converges() {
    let mut r = cluster(5, 1, |_| {});
    r.until(1000);
    let (old, _) = r.leader().unwrap();
    // The old leader and one follower on one side; the other three on the other.
    let buddy = r.servers().map(|s| s.id()).find(|&id| id != old).unwrap();
    let majority: Vec<NodeId> = r
        .servers()
        .map(|s| s.id())
        .filter(|&id| id != old && id != buddy)
        .collect();
    r.at(
        1001,
        Action::Partition(vec![vec![old, buddy], majority.clone()]),
    );
    r.until(3000);
    let (new, _) = r.leader().unwrap();
    assert!(
        majority.contains(&new),
        "the majority elected its own leader"
    );
    // The old leader may still think it leads, but it cannot commit: a write sent to it stays
    // uncommitted while the partition lasts.
    let committed_before = r.server(old).commit_index();
    let client = NodeId(5);
    r.submit(3001, client, put("w", "1")).until(3500);
    assert_eq!(r.server(old).commit_index(), committed_before);
    r.at(3501, Action::HealAll).until(6000);
    let (leader, term) = r.leader().unwrap();
    assert!(r
        .servers()
        .all(|s| s.term() == term && s.leader() == Some(leader)));
    let last = r.server(leader).log().last_index();
    assert!(
        r.servers().all(|s| s.commit_index() == last),
        "every log converged and committed"
    );
    assert!(r.servers().all(|s| s.kv().get("w") == Some("1")));
    r.assert_safe();
}

#[test]
fn a_partitioned_old_leader_rejoins_and_steps_down() {
    let mut r = cluster(5, 0, |_| {});
    r.until(1000);
    let (old, term) = r.leader().unwrap();
    let others: Vec<NodeId> = r
        .servers()
        .map(|s| s.id())
        .filter(|&id| id != old)
        .collect();
    r.at(1001, Action::Partition(vec![vec![old], others]));
    r.until(3000);
    assert_eq!(
        r.server(old).role(),
        Role::Leader,
        "alone, it does not know it was replaced"
    );
    assert_eq!(r.server(old).term(), term);
    r.at(3001, Action::HealAll).until(4000);
    assert_eq!(r.server(old).role(), Role::Follower);
    assert!(r.server(old).term() > term);
    r.assert_safe();
}

#[test]
fn a_follower_missing_many_entries_is_repaired() {
    let mut r = cluster(3, 1, |c| c.raft.max_batch = 4);
    r.until(1000);
    let (leader, _) = r.leader().unwrap();
    let lagging = r
        .servers()
        .map(|s| s.id())
        .find(|&id| id != leader)
        .unwrap();
    r.at(1001, Action::Crash(lagging));
    for i in 0..60u64 {
        r.submit(1002 + i, NodeId(3), put(&format!("k{i}"), "v"));
    }
    r.until(7000);
    assert!(r.server(leader).log().len() >= 60);
    assert!(r.server(lagging).log().len() < 5);
    r.at(7001, Action::Restart(lagging)).until(9000);
    assert_eq!(
        r.server(lagging).log(),
        r.server(leader).log(),
        "repaired in batches of 4"
    );
    assert_eq!(r.server(lagging).kv().get("k59"), Some("v"));
    r.assert_safe();
}

/// The paper's Figure 8, scripted with forced timeouts and a fixed 10 ms latency so each step
/// happens exactly as drawn in the figure.
fn figure_8(breaks: Breaks) -> Run {
    let mut r = cluster(5, 5, |c| {
        c.raft.breaks = breaks;
        // No spontaneous elections during the script: every election is forced.
        c.raft.election_timeout_min = Duration::from_millis(3000);
        c.raft.election_timeout_max = Duration::from_millis(4000);
        c.net.latency_min = Duration::from_millis(10);
        c.net.latency_max = Duration::from_millis(10);
        // Clients do not retry during the script: each entry goes exactly where it is sent.
        c.client_retry = Duration::from_millis(10_000);
    });
    let (s1, s2, s3, s4, s5) = (n(1), n(2), n(3), n(4), n(5));
    // Client i+5 first talks to server i (0-based): client 5 → S1, client 9 → S5.
    let (c_s1, c_s5) = (NodeId(5), NodeId(9));
    r.at(10, Action::Input(s1, Input::Timeout));
    // (a) S1 leads term 1 and replicates entry A to S2 only.
    r.at(200, Action::Partition(vec![vec![s1, s2], vec![s3, s4, s5]]));
    r.submit(210, c_s1, put("x", "A"));
    // (b) S1 crashes; S5 is elected for term 2 by S3, S4 and itself (its requests arrive at
    // 410, the votes at 420) but cannot reach anyone afterwards...
    r.at(400, Action::Crash(s1))
        .at(400, Action::HealAll)
        .at(400, Action::Input(s5, Input::Timeout));
    for to in [s2, s3, s4] {
        r.at(415, Action::Cut { from: s5, to });
    }
    // ...so the entry B it accepts stays in its log alone.
    r.submit(610, c_s5, put("x", "B"));
    // (c) S5 crashes; S1 restarts and is elected for term 3 (its first try meets votes
    // already given in term 2) and replicates A to S3: A is now on a majority.
    r.at(800, Action::Crash(s5))
        .at(800, Action::HealAll)
        .at(800, Action::Restart(s1));
    r.at(801, Action::Input(s1, Input::Timeout))
        .at(1000, Action::Input(s1, Input::Timeout));
    // (d) S1 crashes; S5 restarts and tries to lead term 4.
    r.at(1500, Action::Crash(s1)).at(1500, Action::Restart(s5));
    r.at(1501, Action::Input(s5, Input::Timeout))
        .at(1700, Action::Input(s5, Input::Timeout));
    r.until(2500);
    r
}

#[test]
fn figure_8_with_the_current_term_rule_nothing_committed_is_lost() {
    let r = figure_8(Breaks::default());
    r.assert_safe();
    assert_ne!(
        r.leader().map(|l| l.0),
        Some(n(5)),
        "S5's stale log cannot win"
    );
    for s in [n(2), n(3), n(4)] {
        assert_eq!(r.server(s).kv().get("x"), Some("A"), "{s}");
    }
}

#[test]
fn figure_8_committing_by_count_loses_a_committed_entry_and_the_checker_says_so() {
    let r = figure_8(Breaks {
        commit_old_terms_by_count: true,
        ..Breaks::default()
    });
    assert_eq!(
        r.leader().map(|l| l.0),
        Some(n(5)),
        "S5 won term 4 with its term-2 entry"
    );
    assert!(
        r.checker.first(Property::LeaderCompleteness).is_some(),
        "{:#?}",
        r.checker.violations()
    );
    assert!(
        r.checker.first(Property::StateMachineSafety).is_some(),
        "{:#?}",
        r.checker.violations()
    );
    // The state machines diverged: S2 applied A at index 1, S5 applied B there.
    assert_eq!(r.server(n(2)).kv().get("x"), Some("A"));
    assert_eq!(r.server(n(5)).kv().get("x"), Some("B"));
}

#[test]
fn fixed_election_timeouts_split_the_vote_forever() {
    let mut r = cluster(5, 0, |c| c.raft.breaks.fixed_timeouts = true);
    r.until(10_000);
    assert_eq!(r.leader(), None);
    assert!(
        r.server(n(1)).term() >= Term(30),
        "elections keep failing: term {}",
        r.server(n(1)).term()
    );
    let mut r = cluster(5, 0, |_| {});
    r.until(10_000);
    assert!(r.leader().is_some(), "randomised timeouts elect a leader");
}

#[test]
fn without_pre_vote_a_rejoining_node_disrupts_the_cluster_and_with_it_does_not() {
    for pre_vote in [false, true] {
        let mut r = cluster(5, 0, |c| c.raft.pre_vote = pre_vote);
        r.until(1000);
        let (leader, term) = r.leader().unwrap();
        let loner = r
            .servers()
            .map(|s| s.id())
            .find(|&id| id != leader)
            .unwrap();
        let rest: Vec<NodeId> = r
            .servers()
            .map(|s| s.id())
            .filter(|&id| id != loner)
            .collect();
        r.at(1001, Action::Partition(vec![vec![loner], rest]))
            .until(4000);
        r.at(4001, Action::HealAll).until(5000);
        let (_, new_term) = r.leader().unwrap();
        if pre_vote {
            assert_eq!(r.server(loner).term(), term, "its term never rose");
            assert_eq!(new_term, term, "the leader kept its term");
            assert_eq!(r.leader().unwrap().0, leader);
        } else {
            assert!(
                new_term > term,
                "the loner's high term forced a new election"
            );
        }
        r.assert_safe();
    }
}

#[test]
fn check_quorum_makes_a_partitioned_leader_step_down() {
    for check_quorum in [false, true] {
        let mut r = cluster(5, 0, |c| c.raft.check_quorum = check_quorum);
        r.until(1000);
        let (leader, _) = r.leader().unwrap();
        let rest: Vec<NodeId> = r
            .servers()
            .map(|s| s.id())
            .filter(|&id| id != leader)
            .collect();
        r.at(1001, Action::Partition(vec![vec![leader], rest]))
            .until(3000);
        let still = r.server(leader).role() == Role::Leader;
        assert_eq!(still, !check_quorum, "check_quorum={check_quorum}");
        r.assert_safe();
    }
}

#[test]
fn leadership_transfer_hands_over_to_the_chosen_server() {
    let mut r = cluster(5, 0, |_| {});
    r.until(1000);
    let (leader, term) = r.leader().unwrap();
    let target = r
        .servers()
        .map(|s| s.id())
        .find(|&id| id != leader)
        .unwrap();
    r.at(1001, Action::Input(leader, Input::Transfer(target)))
        .until(1300);
    assert_eq!(r.leader(), Some((target, Term(term.0 + 1))));
    r.assert_safe();
}

#[test]
fn clients_see_a_linearizable_history_through_crashes_and_loss() {
    let mut r = cluster(5, 3, |c| {
        c.workload = Some(ringleader::raft::busy_clients(
            2,
            SimTime::from_millis(6000),
        ));
    });
    r.at(0, Action::SetLoss { ppm: 150_000 });
    r.at(1500, Action::Crash(n(1)))
        .at(2500, Action::Crash(n(2)));
    r.at(3500, Action::Restart(n(1)))
        .at(4000, Action::Restart(n(2)));
    r.at(6000, Action::SetLoss { ppm: 0 }).until(9000);
    r.assert_safe();
    let history: Vec<_> = r
        .sim
        .nodes()
        .iter()
        .filter_map(Actor::as_client)
        .flat_map(|c| c.history().iter().cloned())
        .collect();
    assert!(history.len() > 20, "a real workload: {} ops", history.len());
    assert!(
        history.iter().all(|h| h.completed.is_some()),
        "every operation was answered"
    );
    assert_eq!(linearizability::check(&history), Verdict::Linearizable);
}

#[test]
fn many_votes_per_term_shows_two_leaders_on_the_default_page_cluster() {
    // The page's end-to-end test opens `?seed=1&break=many-votes-per-term` and expects the
    // safety panel to turn red; this is the same cluster (5 servers, no clients, seed 1).
    let mut cfg = ClusterConfig {
        servers: 5,
        clients: 0,
        ..ClusterConfig::default()
    };
    cfg.raft.breaks.many_votes_per_term = true;
    let mut r = Run {
        sim: cfg.build(1),
        checker: SafetyChecker::new(),
    };
    r.until(3000);
    assert!(
        r.checker.first(Property::ElectionSafety).is_some(),
        "{:#?}",
        r.checker.violations()
    );
}

#[test]
fn a_server_crashed_before_the_run_starts_never_campaigns() {
    // The repro: `ringleader raft --seed 7 --nodes 5 --clients 0 --crash 5@0`. A
    // crash at the first instant must keep N5 silent, exactly like a crash a microsecond later.
    for crash_ms in [0, 1] {
        let mut r = cluster(5, 0, |_| {});
        r.at(crash_ms, Action::Crash(n(5))).until(1000);
        assert_eq!(
            r.server(n(5)).role(),
            Role::Follower,
            "crash at {crash_ms} ms"
        );
        assert_eq!(r.server(n(5)).term(), Term(0), "crash at {crash_ms} ms");
        let (leader, term) = r.leader().expect("the other four elect a leader");
        assert_eq!(
            term,
            Term(1),
            "undisturbed first term, crash at {crash_ms} ms"
        );
        assert_ne!(leader, n(5));
        r.assert_safe();
    }
}

#[test]
fn with_check_quorum_a_node_that_can_send_but_not_hear_deposes_nobody() {
    // Bug 1 (issue 14): CheckQuorum on, Pre-Vote off; N-deaf hears nothing, times out again
    // and again and asks for votes in ever higher terms. The followers ignore it (they are in
    // the leader's lease), and so must the leader, which hears from a majority.
    let mut r = cluster(5, 0, |c| c.raft.check_quorum = true);
    r.until(1000);
    let (leader, term) = r.leader().unwrap();
    let deaf = r
        .servers()
        .map(|s| s.id())
        .find(|&id| id != leader)
        .unwrap();
    for other in (0..5).map(NodeId).filter(|&o| o != deaf) {
        r.at(
            1001,
            Action::Cut {
                from: other,
                to: deaf,
            },
        );
    }
    r.until(5000);
    assert!(
        r.server(deaf).term() > Term(term.0 + 5),
        "it kept campaigning"
    );
    assert_eq!(
        r.leader(),
        Some((leader, term)),
        "no churn while the cut lasts"
    );
    r.assert_safe();
}

#[test]
fn a_client_write_during_a_leadership_transfer_does_not_leave_the_cluster_leaderless() {
    // Bug 2 (issue 14): the write reaches the leader after it told the target to campaign;
    // appended, it would reach the voters before the target's vote request, and the target's
    // shorter log would lose the election.
    let mut r = cluster(5, 1, |c| {
        c.net.latency_min = Duration::from_millis(10);
        c.net.latency_max = Duration::from_millis(10);
    });
    r.until(990);
    let (leader, term) = r.leader().unwrap();
    let target = r
        .servers()
        .map(|s| s.id())
        .find(|&id| id != leader)
        .unwrap();
    let client = NodeId(5);
    r.at(
        996,
        Action::Input(client, Input::SubmitTo(leader, put("x", "1"))),
    );
    r.at(1001, Action::Input(leader, Input::Transfer(target)));
    r.until(1100);
    assert_eq!(
        r.leader(),
        Some((target, Term(term.0 + 1))),
        "handed over at once"
    );
    r.until(3000);
    assert!(
        r.servers().all(|s| s.kv().get("x") == Some("1")),
        "the write went through later"
    );
    r.assert_safe();
}

#[test]
fn after_a_no_leader_answer_the_client_tries_the_next_server_not_the_one_after() {
    // Bug 5 (issue 14): the client moved on when told "no leader", then moved again when its
    // retry timer fired, skipping a server.
    let mut r = cluster(3, 1, |_| {});
    let client = NodeId(3); // first talks to N1
                            // N1 is cut off from the other servers (not from the client): it knows no leader.
    r.at(0, Action::Partition(vec![vec![n(1)], vec![n(2), n(3)]]));
    r.until(1000);
    assert_eq!(r.server(n(1)).leader(), None);
    r.submit(1001, client, put("x", "1"));
    let mut asked = Vec::new();
    while r
        .sim
        .next_time()
        .is_some_and(|t| t <= SimTime::from_millis(3000))
    {
        let ev = r.sim.step().unwrap().unwrap();
        r.checker.observe(&r.sim, &ev);
        for e in &ev.sent {
            if e.from == client && matches!(e.msg, ringleader::raft::Msg::ClientRequest { .. }) {
                asked.push(e.to);
            }
        }
    }
    assert_eq!(asked.get(..2), Some(&[n(1), n(2)][..]), "asked {asked:?}");
    assert!(r
        .servers()
        .filter(|s| s.id() != n(1))
        .all(|s| s.kv().get("x") == Some("1")));
}

/// A copy of request 1 that reaches the leader after request 2 was applied there, if one
/// did in the run of this seed; the run's checker must stay clean either way.
fn late_duplicate_run(seed: u64) -> usize {
    // Every message is duplicated and the client's link to the leader is slow and uneven.
    let cfg = ClusterConfig {
        servers: 3,
        clients: 1,
        client_retry: Duration::from_millis(5_000),
        ..ClusterConfig::default()
    };
    let mut r = Run {
        sim: cfg.build(seed),
        checker: SafetyChecker::new(),
    };
    r.until(1000);
    let (leader, _) = r.leader().unwrap();
    let client = NodeId(3);
    r.at(1001, Action::SetDuplication { ppm: 1_000_000 });
    r.at(
        1001,
        Action::SetLinkLatency {
            from: client,
            to: leader,
            range: Some((Duration::from_millis(5), Duration::from_millis(900))),
        },
    );
    r.at(
        1002,
        Action::Input(client, Input::SubmitTo(leader, put("x", "1"))),
    );
    r.at(
        1003,
        Action::Input(client, Input::Submit(Op::Get { key: "x".into() })),
    );
    let mut requests = ringleader::sim::map::SortedMap::new();
    let mut late_copies = 0;
    while r
        .sim
        .next_time()
        .is_some_and(|t| t <= SimTime::from_millis(4000))
    {
        let ev = r.sim.step().unwrap().unwrap();
        r.checker.observe(&r.sim, &ev);
        for e in &ev.sent {
            if let ringleader::raft::Msg::ClientRequest { seq, .. } = e.msg {
                requests.insert(e.id, seq);
            }
        }
        let applied_2 = r.server(leader).kv().last_applied_seq(client) == Some(2);
        if let ringleader::sim::Cause::Deliver { msg, to, .. } = ev.cause {
            if to == leader && applied_2 && requests.get(&msg) == Some(&1) {
                late_copies += 1;
            }
        }
    }
    let history = r.sim.node(client).as_client().unwrap().history().to_vec();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|h| h.completed.is_some()));
    r.assert_safe();
    late_copies
}

#[test]
fn a_late_duplicate_of_an_answered_request_is_not_answered_with_a_newer_reply() {
    // The safety checker compares every reply with the committed log's (RepliesMatchLog): a
    // session table that answered request 1 with request 2's reply fails `assert_safe`.
    let late: usize = (1..=10).map(late_duplicate_run).sum();
    assert!(
        late > 0,
        "some copy of request 1 arrived after request 2 was applied"
    );
}

#[test]
fn duplicated_replies_do_not_multiply_the_messages_in_flight() {
    // Found by the campaign (seed 739): every successful AppendEntries reply sent the next
    // batch, so duplicates and heartbeats kept adding messages in flight for a follower that
    // was behind, exponentially, until the event queue overflowed.
    let mut r = cluster(9, 5, |c| {
        c.workload = Some(ringleader::raft::busy_clients(
            3,
            SimTime::from_millis(3000),
        ));
        c.net.latency_min = Duration::from_millis(17);
        c.net.latency_max = Duration::from_millis(17);
    });
    r.at(0, Action::SetDuplication { ppm: 100_000 });
    // A follower that falls behind (paused for a while) is repaired in many batches.
    r.at(50, Action::Pause(n(8)));
    r.at(380, Action::Resume(n(8)));
    let mut peak = 0;
    while r
        .sim
        .next_time()
        .is_some_and(|t| t <= SimTime::from_millis(3000))
    {
        let ev = r.sim.step().unwrap().unwrap();
        r.checker.observe(&r.sim, &ev);
        peak = peak.max(r.sim.in_flight().count());
    }
    assert!(peak < 150, "{peak} messages in flight at once");
    r.assert_safe();
}

/// Figure 2: a server persists its term, vote and log before it answers. With a 10 ms disk
/// and 1 ms messages, a granted vote leaves a full disk write after the request arrived, sent
/// when the write completes; requests leave at once; a heartbeat that changes nothing is
/// answered at once.
#[test]
fn with_a_slow_disk_answers_leave_only_after_the_write() {
    use ringleader::raft::Timer;
    use ringleader::sim::Cause;
    let mut run = cluster(3, 1, |c| {
        c.raft.disk_write = Duration::from_millis(10);
        c.net.latency_min = Duration::from_millis(1);
        c.net.latency_max = Duration::from_millis(1);
    });
    run.submit(600, NodeId(3), put("x", "1"));
    // (kind, sent by a completed disk write, when)
    let mut sent = Vec::new();
    let end = SimTime::from_millis(900);
    while run.sim.next_time().is_some_and(|t| t <= end) {
        let ev = run.sim.step().unwrap().unwrap();
        run.checker.observe(&run.sim, &ev);
        let by_disk = matches!(
            ev.cause,
            Cause::Timer {
                timer: Timer::Disk,
                ..
            }
        );
        for env in &ev.sent {
            sent.push((env.msg.kind(), by_disk, ev.time));
        }
    }
    run.assert_safe();
    assert!(run.leader().is_some());
    for s in run.servers() {
        assert_eq!(s.kv().get("x"), Some("1"), "{} applied put x=1", s.id());
    }
    let of = |kind: &'static str| sent.iter().filter(move |m| m.0 == kind);
    // Every granted vote waited for the write of the vote.
    assert!(of("VoteGranted").count() > 0);
    assert!(of("VoteGranted").all(|m| m.1));
    // The first vote: request sent at t, arrives at t + 1 ms, written by t + 11 ms.
    let asked = of("RequestVote").next().unwrap().2;
    let granted = of("VoteGranted").next().unwrap().2;
    assert_eq!(granted - asked, Duration::from_millis(11));
    // Requests never wait.
    assert!(of("RequestVote").chain(of("AppendEntries")).all(|m| !m.1));
    // The entry's acknowledgements waited; a bare heartbeat's did not.
    assert!(of("AppendOk").any(|m| m.1));
    assert!(of("AppendOk").any(|m| !m.1));
}

/// The local-reads teaching switch: a server cut off from the others answers a read from its
/// own state after a write completed elsewhere, and the linearizability checker finds no
/// order for that history. Without the switch the read goes through the leader and sees it.
#[test]
fn reading_a_partitioned_follower_s_own_state_is_not_linearizable() {
    for local_reads in [true, false] {
        let mut run = cluster(5, 1, |c| c.raft.breaks.local_reads = local_reads);
        run.until(1000);
        let (leader, _) = run.leader().expect("a leader by 1 s");
        let follower = (0..5).map(NodeId).find(|&id| id != leader).unwrap();
        let client = NodeId(5);
        let servers = |but: NodeId| (0..5).map(NodeId).filter(move |&id| id != but);
        // The follower is cut off, the write commits on the others; then the client finds
        // itself on the follower's side and reads there.
        let mut others: Vec<NodeId> = servers(follower).collect();
        others.push(client);
        run.at(1000, Action::Partition(vec![vec![follower], others]))
            .at(
                1100,
                Action::Input(client, Input::SubmitTo(leader, put("x", "1"))),
            )
            .at(1500, Action::HealAll)
            .at(
                1500,
                Action::Partition(vec![vec![follower, client], servers(follower).collect()]),
            )
            .until(1500)
            .at(
                1600,
                Action::Input(
                    client,
                    Input::SubmitTo(follower, Op::Get { key: "x".into() }),
                ),
            )
            .until(3000);
        run.assert_safe();
        let history = run.sim.node(client).as_client().unwrap().history().to_vec();
        let read = history
            .iter()
            .find(|h| matches!(h.op, Op::Get { .. }))
            .unwrap();
        let verdict = linearizability::check(&history);
        if local_reads {
            // Answered at once, with nothing: x = 1 had completed before the read began.
            assert_eq!(read.completed.as_ref().unwrap().1.value, None);
            assert!(matches!(verdict, Verdict::Violation(_)), "{verdict:?}");
        } else {
            // The follower does not answer a read: cut off from the leader, the client waits.
            assert!(read.completed.is_none());
            assert_eq!(verdict, Verdict::Linearizable);
        }
    }
}

/// One run of the deposed-leader read (thesis §6.4): N1 leads, client C1 reads x through it
/// by `path`, then N1 and C1 are cut off from the other servers and client C2. C2 writes
/// x = 1 through the majority's new leader; afterwards C1 reads x through N1 again. Returns
/// C1's second read as it ended and the verdict on both clients' history.
fn deposed_leader_read(
    path: ReadPath,
    tweak: impl FnOnce(&mut ClusterConfig),
) -> (Option<Option<String>>, Verdict) {
    let mut run = cluster(5, 2, |c| {
        c.setups = vec![ClientSetup {
            read: path,
            load: None,
        }];
        c.net.latency_min = Duration::from_millis(1);
        c.net.latency_max = Duration::from_millis(2);
        c.raft.heartbeat_interval = Duration::from_millis(20);
        tweak(c);
    });
    let (c1, c2) = (NodeId(5), NodeId(6));
    let get = || Op::Get { key: "x".into() };
    // N1 campaigns first, before any other timer can fire.
    run.at(5, Action::Input(n(1), Input::Timeout))
        .at(500, Action::Input(c1, Input::SubmitTo(n(1), get())))
        .until(1000);
    assert_eq!(run.leader().map(|l| l.0), Some(n(1)));
    let others: Vec<NodeId> = (2..=5).map(n).chain([c2]).collect();
    run.at(1000, Action::Partition(vec![vec![n(1), c1], others]))
        // N2 campaigns as soon as voters with clocks 10 % fast may grant it: 150 / 1.1 ms.
        .at(1137, Action::Input(n(2), Input::Timeout));
    // As soon as the majority has a new leader, C2 writes through it; as soon as that write
    // has completed, C1 reads through N1.
    let mut ms = 1000;
    let new_leader = loop {
        ms += 1;
        run.until(ms);
        if let Some(l) = (2..=5)
            .map(n)
            .find(|&k| run.server(k).role() == Role::Leader)
        {
            break l;
        }
        assert!(ms < 3000, "the majority elects a leader");
    };
    run.at(
        ms + 1,
        Action::Input(c2, Input::SubmitTo(new_leader, put("x", "1"))),
    );
    let c2_history = loop {
        ms += 1;
        run.until(ms);
        let h = run.sim.node(c2).as_client().unwrap().history().to_vec();
        if h.first().is_some_and(|op| op.completed.is_some()) {
            break h;
        }
        assert!(ms < 3000, "x = 1 completes on the majority side");
    };
    run.at(ms + 1, Action::Input(c1, Input::SubmitTo(n(1), get())))
        .until(ms + 500);
    run.assert_safe();
    let mut history = run.sim.node(c1).as_client().unwrap().history().to_vec();
    let second = history[1].completed.as_ref().map(|(_, r)| r.value.clone());
    history.extend(c2_history);
    (second, linearizability::check(&history))
}

/// A deposed leader answers a read from its old state only when it does not confirm that it
/// still leads: by a heartbeat round (ReadIndex) or by a lease that ended before another
/// leader could be elected. Each teaching switch turns that off, and the checker sees it.
#[test]
fn a_deposed_leader_serves_a_stale_read_only_when_it_skips_confirmation() {
    let stale = Some(None);
    // ReadIndex: the round cannot complete in the minority; the read is never answered.
    let (read, verdict) = deposed_leader_read(ReadPath::ReadIndex, |_| {});
    assert_eq!((read, verdict), (None, Verdict::Linearizable));
    let (read, verdict) = deposed_leader_read(ReadPath::ReadIndex, |c| {
        c.raft.breaks.unconfirmed_reads = true
    });
    assert_eq!(read, stale);
    assert!(matches!(verdict, Verdict::Violation(_)), "{verdict:?}");
    // Lease: 150 ms × 0.9 / 1.1 = 122 ms after the last acknowledged heartbeat, over by the
    // time of the read (150 ms after the partition).
    let (read, verdict) = deposed_leader_read(ReadPath::Lease, |_| {});
    assert_eq!((read, verdict), (None, Verdict::Linearizable));
    let (read, verdict) = deposed_leader_read(ReadPath::Lease, |c| c.raft.breaks.long_lease = true);
    assert_eq!(read, stale);
    assert!(matches!(verdict, Verdict::Violation(_)), "{verdict:?}");
}

/// Clocks within the bound (N1's 10 % slow, the others' 10 % fast): the lease the bound
/// allows (122 ms on N1's clock, 136 ms of real time) ends before the others may elect a new
/// leader (150 ms on their clocks, 136 ms of real time after they last heard N1). A lease of
/// the whole 150 ms, as if clocks were perfect (the teaching switch), lasts 167 ms of real
/// time: the new leader is elected and writes within it, and N1 answers with the old value.
#[test]
fn a_lease_that_ignores_drift_fails_even_within_the_bound() {
    let clocks = |c: &mut ClusterConfig| {
        c.clock_pct = vec![90, 110, 110, 110, 110];
        c.raft.heartbeat_interval = Duration::from_millis(5);
    };
    let (read, verdict) = deposed_leader_read(ReadPath::Lease, clocks);
    assert_eq!((read, verdict), (None, Verdict::Linearizable));
    let (read, verdict) = deposed_leader_read(ReadPath::Lease, |c| {
        clocks(c);
        c.raft.breaks.lease_ignores_drift = true;
    });
    assert_eq!(read, Some(None));
    assert!(matches!(verdict, Verdict::Violation(_)), "{verdict:?}");
}

/// Clocks that drift beyond the lease's bound: N1's runs at half speed, the others' at
/// double. N1 measures 122 ms of lease on its slow clock (244 ms of real time) while the
/// others, on theirs, stop honouring it after 75 ms: a new leader is elected and writes
/// within N1's lease, and N1's lease read returns the old value. The same clocks within the
/// bound (all perfect) keep the lease safe.
#[test]
fn a_lease_read_goes_wrong_when_clocks_drift_beyond_the_bound() {
    let (read, verdict) = deposed_leader_read(ReadPath::Lease, |c| {
        c.clock_pct = vec![50, 200, 200, 200, 200];
    });
    assert_eq!(read, Some(None));
    assert!(matches!(verdict, Verdict::Violation(_)), "{verdict:?}");
}

/// A clock whose rate changes reads on from where it stood, and keeps running through a
/// crash; timers set after the change run at the new rate.
#[test]
fn a_clock_changes_rate_without_jumping() {
    let mut s = ringleader::raft::Server::new(NodeId(0), 3, Default::default()).with_clock(200);
    assert_eq!(
        s.local(SimTime::from_millis(1000)),
        SimTime::from_millis(2000)
    );
    s.set_clock(50, SimTime::from_millis(1000));
    assert_eq!(
        s.local(SimTime::from_millis(1000)),
        SimTime::from_millis(2000)
    );
    assert_eq!(
        s.local(SimTime::from_millis(2000)),
        SimTime::from_millis(2500)
    );
    assert_eq!(
        s.real(SimTime::from_millis(2500)),
        SimTime::from_millis(2000)
    );
    s.on_crash();
    assert_eq!(
        s.local(SimTime::from_millis(3000)),
        SimTime::from_millis(3000)
    );
    assert_eq!(s.clock_pct(), 50);
}

/// The reply-before-write teaching switch: a vote leaves before it is on disk, so a crash
/// takes it back; restarted in its old term and cut off from the winner, the voter campaigns
/// in that same term and votes for itself. The checker says so; without the switch the vote
/// waits for the disk, the crash loses it unsent, and nothing is wrong.
#[test]
fn a_vote_sent_before_it_is_written_can_be_taken_back_by_a_crash() {
    for switch in [true, false] {
        let mut run = cluster(3, 0, |c| {
            c.raft.pre_vote = false;
            c.raft.disk_write = Duration::from_millis(15);
            c.net.latency_min = Duration::from_millis(1);
            c.net.latency_max = Duration::from_millis(1);
            c.raft.breaks.reply_before_write = switch;
        });
        // The first vote a server grants: crash it at once, cut it off from the candidate,
        // and restart it 1 ms later.
        let end = SimTime::from_millis(2_000);
        let mut struck = None;
        while run.sim.next_time().is_some_and(|t| t <= end) {
            let ev = run.sim.step().unwrap().unwrap();
            run.checker.observe(&run.sim, &ev);
            let ms = ev.time.as_micros().div_ceil(1000);
            let grant = ev.node.filter(|&v| v.0 < 3).and_then(|voter| {
                let granted = |m: &Msg| {
                    matches!(
                        m,
                        Msg::Vote {
                            granted: true,
                            pre_vote: false,
                            ..
                        }
                    )
                };
                ev.sent
                    .iter()
                    .find(|e| granted(&e.msg))
                    .map(|e| (voter, e.to))
            });
            // Without the switch the grant leaves with the write: strike at the request's
            // arrival instead, when the vote is recorded but not yet sent.
            let recorded = ev.node.filter(|&v| v.0 < 3).and_then(|voter| {
                let s = run.server(voter);
                (s.voted_for().is_some_and(|c| c != voter) && s.disk_write_done().is_some())
                    .then(|| (voter, s.voted_for().unwrap()))
            });
            if let (None, Some((voter, candidate))) = (struck, grant.or(recorded)) {
                struck = Some(voter);
                run.at(ms, Action::Crash(voter))
                    .at(
                        ms,
                        Action::Cut {
                            from: candidate,
                            to: voter,
                        },
                    )
                    .at(
                        ms,
                        Action::Cut {
                            from: voter,
                            to: candidate,
                        },
                    )
                    .at(ms + 1, Action::Restart(voter));
            }
        }
        let voter = struck.expect("a vote was granted");
        let taken_back = run.checker.violations().iter().any(|v| {
            v.property == Property::OneVotePerTerm
                && matches!(v.detail, ringleader::check::Breach::VotedThenSelf { .. })
        });
        assert_eq!(
            taken_back,
            switch,
            "switch {switch}: {:#?}",
            run.checker.violations()
        );
        if !switch {
            run.assert_safe();
        }
        assert!(run.servers().any(|s| s.id() == voter));
    }
}

/// With a slow disk a candidate writes its term and vote while it asks for votes (thesis
/// §10.2.1). Here the candidate's vote waits behind an entry being written, so its four peers'
/// votes, a majority without its own, arrive first. Were it to lead then, a crash before the
/// write would bring it back in term 1; it would campaign for term 2 again, win it again (its
/// voters already chose it) and lead term 2 twice, with y = 1 at one index on one follower and
/// z = 1 there on the rest. It waits for its own write instead.
#[test]
fn a_candidate_leads_only_once_its_term_is_on_disk_so_a_crash_cannot_make_it_lead_a_term_twice() {
    let mut cfg = ClusterConfig {
        servers: 5,
        clients: 3,
        ..ClusterConfig::default()
    };
    cfg.raft.pre_vote = false;
    cfg.raft.disk_write = Duration::from_millis(100);
    cfg.net.latency_min = Duration::from_millis(10);
    cfg.net.latency_max = Duration::from_millis(10);
    let mut run = Run {
        sim: cfg.build(1),
        checker: SafetyChecker::new(),
    };
    let (c1, c2, c3) = (NodeId(5), NodeId(6), NodeId(7));
    run.until(999);
    let (old, term) = run.leader().expect("a leader by 999 ms");
    let others: Vec<NodeId> = (1..=5).map(n).filter(|&s| s != old).collect();
    // `cand` campaigns; `near` is the one follower it reaches after its first win.
    let (cand, near) = (others[0], others[1]);
    // x = 1 reaches `cand` alone, so its disk is busy when it campaigns at 1,030 ms.
    for &k in &others[1..] {
        run.at(1000, Action::Cut { from: old, to: k });
    }
    run.at(1000, Action::Input(c1, Input::SubmitTo(old, put("x", "1"))))
        .at(1030, Action::Input(cand, Input::Timeout))
        .until(1144);
    let next = Term(term.0 + 1);
    let voters = run
        .servers()
        .filter(|s| s.id() != cand && s.term() == next && s.voted_for() == Some(cand))
        .count();
    assert_eq!(voters, 4, "every peer voted for {cand} in {next:?}");
    let written = run
        .server(cand)
        .disk_write_done()
        .expect("writing its vote");
    assert!(written > SimTime::from_millis(1215), "{written:?}");
    // From now on only `near` hears the candidate; y = 1 is submitted to it, and it crashes
    // before its own term and vote are written.
    for k in (1..=5).map(n).filter(|&k| k != cand && k != near) {
        run.at(1145, Action::Cut { from: cand, to: k });
    }
    run.at(
        1150,
        Action::Input(c2, Input::SubmitTo(cand, put("y", "1"))),
    )
    .until(1214);
    let s = run.server(cand);
    assert_eq!((s.role(), s.term()), (Role::Candidate, next));
    run.at(1215, Action::Crash(cand))
        .at(1216, Action::Restart(cand))
        .at(1216, Action::HealAll)
        .at(1217, Action::Input(cand, Input::Timeout))
        .at(
            1240,
            Action::Input(c3, Input::SubmitTo(cand, put("z", "1"))),
        )
        .until(3000);
    assert_eq!(run.leader(), Some((cand, next)));
    run.assert_safe();
}

/// The checker's model of each disk: a crash restores exactly what the last completed write
/// saved, down to the uncommitted end of the log. A follower crashed while it writes an entry
/// it has received comes back without it, and nothing is wrong. Shown the same crash with the
/// entry kept (a crash that does not lose the write in progress), or a crash after the write
/// completed that loses it anyway, the checker says so at the crash.
#[test]
fn a_crash_restores_exactly_what_the_last_completed_write_saved() {
    let mut run = cluster(3, 1, |c| {
        c.raft.disk_write = Duration::from_millis(20);
        c.net.latency_min = Duration::from_millis(1);
        c.net.latency_max = Duration::from_millis(1);
    });
    run.until(2_000);
    let (leader, _) = run.leader().expect("a leader by 2 s");
    run.submit(2_001, NodeId(3), put("x", "1"));
    // A follower that holds the entry in memory while its disk writes it.
    let (follower, event) = loop {
        let ev = run
            .sim
            .step()
            .unwrap()
            .expect("events until the entry arrives");
        run.checker.observe(&run.sim, &ev);
        let unwritten = ev
            .node
            .filter(|&id| id != leader && id.0 < 3)
            .filter(|&id| run.server(id).log_unwritten());
        if let Some(id) = unwritten {
            break (id, ev.index);
        }
    };
    let held = run.server(follower).log().len();
    let before = (run.sim.clone(), run.checker.clone());
    run.sim
        .schedule(Command {
            at: SimTime(run.sim.now().0 + 1),
            action: Action::Crash(follower),
        })
        .unwrap();
    let crash = loop {
        let ev = run.sim.step().unwrap().expect("the crash");
        run.checker.observe(&run.sim, &ev);
        if matches!(ev.cause, Cause::Command(Action::Crash(id)) if id == follower) {
            break ev;
        }
    };
    assert!(crash.index > event);
    assert_eq!(
        run.server(follower).log().len(),
        held - 1,
        "the crash took the entry back"
    );
    run.assert_safe();
    let restored = |checker: &SafetyChecker| {
        checker
            .violations()
            .iter()
            .filter(|v| v.property == Property::CrashRestoresDisk && v.nodes == [follower])
            .count()
    };

    // The crash as if it had kept the entry: the server as it was just before.
    let (kept, mut checker) = before.clone();
    checker.observe(&kept, &crash);
    assert_eq!(restored(&checker), 1, "{:#?}", checker.violations());
    assert_eq!(checker.violations().len(), 1, "{:#?}", checker.violations());

    // The write completes, then a crash loses it all the same (the server as the real crash
    // left it, without the entry).
    let (mut sim, mut checker) = before;
    let unwritten = |sim: &RaftSim| sim.node(follower).as_server().unwrap().log_unwritten();
    while unwritten(&sim) {
        let ev = sim.step().unwrap().expect("the write completes");
        checker.observe(&sim, &ev);
    }
    assert_eq!(sim.node(follower).as_server().unwrap().log().len(), held);
    assert!(checker.is_clean(), "{:#?}", checker.violations());
    checker.observe(&run.sim, &crash);
    assert_eq!(restored(&checker), 1, "{:#?}", checker.violations());
}
