//! One test per rule of the Raft paper's §5.1–5.4: a server in a given state receives one
//! message or timer, and its new state and messages are checked (in the style of etcd's
//! raft_paper_test.go). Cluster sizes 1, 3 and 5 where the rule depends on the size.

use ringleader::raft::{
    Actor, ClientOutcome, Command, Entry, LogIndex, Msg, Op, RaftConfig, ReadPath, Role, Round,
    Server, Term, Timer,
};
use ringleader::sim::{Duration, NodeId, Out, Rng, SimTime, Stream};

struct Harness {
    server: Server,
    rng: Rng,
    now: SimTime,
}

type Sent = Vec<(NodeId, Msg)>;
type Timers = Vec<(Timer, Option<Duration>)>;

impl Harness {
    fn new(id: u8, n: u8) -> Self {
        Self::with(id, n, RaftConfig::default())
    }
    fn with(id: u8, n: u8, config: RaftConfig) -> Self {
        Harness {
            server: Server::new(NodeId(id), n, config),
            rng: Rng::new(1, Stream::NodeTimers(id)),
            now: SimTime::from_millis(1000),
        }
    }
    fn drive(&mut self, f: impl FnOnce(&mut Server, &mut Out<'_, Actor>)) -> (Sent, Timers) {
        let mut out = Out::new(self.now, self.server.id(), &mut self.rng);
        f(&mut self.server, &mut out);
        (out.sends().to_vec(), out.timers().to_vec())
    }
    fn msg(&mut self, from: u8, msg: Msg) -> Sent {
        self.drive(|s, out| s.on_message(NodeId(from), msg, out)).0
    }
    fn timeout(&mut self) -> (Sent, Timers) {
        self.drive(|s, out| s.on_timer(Timer::Election, out))
    }
    /// Make this server leader of the next term with votes from `voters`.
    fn elect(&mut self, voters: &[u8]) {
        self.timeout();
        let term = self.server.term();
        for &v in voters {
            self.msg(v, granted_vote(&self.server, term, false));
        }
        assert_eq!(self.server.role(), Role::Leader);
    }
}

fn vote_request(term: u64, last_index: u64, last_term: u64) -> Msg {
    Msg::RequestVote {
        term: Term(term),
        last_log_index: LogIndex(last_index),
        last_log_term: Term(last_term),
        pre_vote: false,
        transfer: false,
    }
}

fn append(term: u64, prev: (u64, u64), entries: &[u64], commit: u64) -> Msg {
    Msg::AppendEntries {
        term: Term(term),
        prev_log_index: LogIndex(prev.0),
        prev_log_term: Term(prev.1),
        entries: entries.iter().map(|&t| noop(t)).collect(),
        leader_commit: LogIndex(commit),
        round: Round(0),
    }
}

/// A successful AppendEntries reply: the follower's log matches up to `match_index`.
fn ack(term: u64, match_index: u64) -> Msg {
    Msg::AppendReply {
        term: Term(term),
        success: true,
        prev_log_index: Some(LogIndex(0)),
        match_index: LogIndex(match_index),
        conflict_index: LogIndex(0),
        conflict_term: None,
        round: Round(0),
    }
}

/// What a follower in `term` answers to an AppendEntries of an earlier term whose
/// prevLogIndex was `prev`.
fn stale_term_rejection(term: u64, _prev: u64) -> Msg {
    Msg::AppendReply {
        term: Term(term),
        success: false,
        prev_log_index: None,
        match_index: LogIndex(0),
        conflict_index: LogIndex(0),
        conflict_term: None,
        round: Round(0),
    }
}

fn noop(term: u64) -> Entry {
    Entry {
        term: Term(term),
        command: Command::Noop,
    }
}

fn granted(sent: &Sent) -> Vec<(NodeId, bool)> {
    sent.iter()
        .filter_map(|(to, m)| match m {
            Msg::Vote { granted, .. } => Some((*to, *granted)),
            _ => None,
        })
        .collect()
}

fn log_terms(s: &Server) -> Vec<u64> {
    s.log().entries().map(|e| e.term.0).collect()
}

// ---- §5.1: terms ----

#[test]
fn s5_1_a_higher_term_turns_any_server_into_a_follower_of_that_term() {
    for role in ["follower", "candidate", "leader"] {
        let mut h = Harness::new(0, 3);
        match role {
            "candidate" => {
                h.timeout();
            }
            "leader" => h.elect(&[1]),
            _ => {}
        }
        h.msg(2, append(9, (0, 0), &[], 0));
        assert_eq!(h.server.term(), Term(9), "{role}");
        assert_eq!(h.server.role(), Role::Follower, "{role}");
        assert_eq!(h.server.leader(), Some(NodeId(2)), "{role}");
    }
}

#[test]
fn s5_1_requests_with_a_stale_term_are_rejected_with_the_current_term() {
    let mut h = Harness::new(0, 3);
    h.msg(1, append(5, (0, 0), &[], 0));
    let sent = h.msg(2, vote_request(3, 9, 3));
    assert_eq!(granted(&sent), vec![(NodeId(2), false)]);
    let sent = h.msg(2, append(4, (0, 0), &[4], 0));
    assert!(matches!(
        sent[..],
        [(
            _,
            Msg::AppendReply {
                term: Term(5),
                success: false,
                ..
            }
        )]
    ));
    assert!(
        h.server.log().is_empty(),
        "nothing appended from a stale leader"
    );
}

// ---- §5.2: leader election ----

#[test]
fn s5_2_a_follower_that_times_out_starts_an_election() {
    for n in [3u8, 5] {
        let mut h = Harness::new(0, n);
        let (sent, timers) = h.timeout();
        assert_eq!(h.server.role(), Role::Candidate);
        assert_eq!(h.server.term(), Term(1));
        assert_eq!(h.server.voted_for(), Some(NodeId(0)), "votes for itself");
        let to: Vec<u8> = sent.iter().map(|(to, _)| to.0).collect();
        assert_eq!(to, (1..n).collect::<Vec<_>>(), "RequestVote to every peer");
        assert!(sent.iter().all(|(_, m)| matches!(
            m,
            Msg::RequestVote {
                term: Term(1),
                pre_vote: false,
                ..
            }
        )));
        let (_, Some(d)) = timers[0] else {
            panic!("the election timer is reset")
        };
        assert!(d >= Duration::from_millis(150) && d <= Duration::from_millis(300));
    }
}

#[test]
fn s5_2_a_one_server_cluster_elects_itself_at_once() {
    let mut h = Harness::new(0, 1);
    let (sent, _) = h.timeout();
    assert_eq!(h.server.role(), Role::Leader);
    assert!(sent.is_empty());
    assert_eq!(
        h.server.commit_index(),
        LogIndex(1),
        "its no-op commits alone"
    );
}

#[test]
fn s5_2_a_candidate_needs_a_majority_of_votes() {
    for (n, needed) in [(3u8, 1usize), (5, 2)] {
        let mut h = Harness::new(0, n);
        h.timeout();
        for v in 1..=needed as u8 {
            assert_eq!(
                h.server.role(),
                Role::Candidate,
                "n={n}: not yet with {} votes",
                v
            );
            h.msg(v, granted_vote(&h.server, Term(1), false));
        }
        assert_eq!(h.server.role(), Role::Leader, "n={n}");
    }
}

#[test]
fn s5_2_a_new_leader_sends_heartbeats_at_once_and_keeps_sending_them() {
    let mut h = Harness::new(0, 3);
    h.timeout();
    let vote = granted_vote(&h.server, Term(1), false);
    let (sent, timers) = h.drive(|s, out| s.on_message(NodeId(1), vote, out));
    assert_eq!(
        sent.iter()
            .filter(|(_, m)| matches!(m, Msg::AppendEntries { .. }))
            .count(),
        2
    );
    assert!(timers.contains(&(Timer::Heartbeat, Some(Duration::from_millis(50)))));
    let (sent, _) = h.drive(|s, out| s.on_timer(Timer::Heartbeat, out));
    assert_eq!(sent.len(), 2);
}

#[test]
fn s5_2_a_candidate_accepts_a_leader_of_its_own_term() {
    let mut h = Harness::new(0, 5);
    h.timeout();
    h.msg(3, append(1, (0, 0), &[], 0));
    assert_eq!(h.server.role(), Role::Follower);
    assert_eq!(h.server.leader(), Some(NodeId(3)));
    assert_eq!(h.server.term(), Term(1));
}

#[test]
fn s5_2_votes_are_first_come_first_served_one_per_term() {
    let mut h = Harness::new(0, 5);
    assert_eq!(
        granted(&h.msg(1, vote_request(1, 0, 0))),
        vec![(NodeId(1), true)]
    );
    assert_eq!(
        granted(&h.msg(2, vote_request(1, 0, 0))),
        vec![(NodeId(2), false)]
    );
    assert_eq!(
        granted(&h.msg(1, vote_request(1, 0, 0))),
        vec![(NodeId(1), true)],
        "a retry is re-granted"
    );
    assert_eq!(
        granted(&h.msg(2, vote_request(2, 0, 0))),
        vec![(NodeId(2), true)],
        "new term, new vote"
    );
}

#[test]
fn s5_2_election_timeouts_are_random_within_the_range() {
    let mut h = Harness::new(0, 3);
    let mut seen = ringleader::sim::map::SortedSet::new();
    for _ in 0..50 {
        let (_, timers) = h.timeout();
        let (_, Some(d)) = timers[0] else { panic!() };
        assert!(d >= Duration::from_millis(150) && d <= Duration::from_millis(300));
        seen.insert(d);
    }
    assert!(seen.len() > 40, "timeouts vary: {} distinct", seen.len());
}

// ---- §5.3: log replication ----

#[test]
fn s5_3_a_follower_rejects_entries_that_do_not_follow_its_log() {
    let mut h = Harness::new(1, 3);
    h.msg(0, append(2, (0, 0), &[1, 1, 2], 0));
    assert_eq!(log_terms(&h.server), [1, 1, 2]);
    // Gap: the leader thinks it has index 5.
    let sent = h.msg(0, append(2, (5, 2), &[2], 0));
    assert!(matches!(
        sent[..],
        [(
            _,
            Msg::AppendReply {
                success: false,
                conflict_index: LogIndex(4),
                conflict_term: None,
                ..
            }
        )]
    ));
    // Mismatch: term 3 at index 3 where the follower has term 2; the hint is the first index of term 2.
    let sent = h.msg(0, append(3, (3, 3), &[3], 0));
    assert!(matches!(
        sent[..],
        [(
            _,
            Msg::AppendReply {
                success: false,
                conflict_index: LogIndex(3),
                conflict_term: Some(Term(2)),
                ..
            }
        )]
    ));
    assert_eq!(log_terms(&h.server), [1, 1, 2], "nothing changed");
}

#[test]
fn s5_3_a_follower_deletes_conflicting_entries_and_appends_new_ones() {
    let mut h = Harness::new(1, 3);
    h.msg(0, append(2, (0, 0), &[1, 2, 2], 0));
    let sent = h.msg(2, append(3, (1, 1), &[3], 0));
    assert_eq!(log_terms(&h.server), [1, 3]);
    assert!(matches!(
        sent[..],
        [(
            _,
            Msg::AppendReply {
                success: true,
                match_index: LogIndex(2),
                ..
            }
        )]
    ));
}

#[test]
fn s5_3_a_delayed_append_never_truncates_matching_entries() {
    let mut h = Harness::new(1, 3);
    h.msg(0, append(1, (0, 0), &[1, 1, 1], 0));
    // An older copy carrying only the first entry arrives late.
    let sent = h.msg(0, append(1, (0, 0), &[1], 0));
    assert_eq!(log_terms(&h.server), [1, 1, 1]);
    assert!(matches!(
        sent[..],
        [(
            _,
            Msg::AppendReply {
                success: true,
                match_index: LogIndex(1),
                ..
            }
        )]
    ));
}

#[test]
fn s5_3_the_leader_backs_up_next_index_on_rejection_and_retries() {
    let mut h = Harness::new(0, 3);
    h.msg(1, append(1, (0, 0), &[1, 1, 1], 0));
    h.elect(&[1]); // term 2, log [1,1,1,2(no-op)]
                   // nextIndex starts just past the log as it was when elected, so the no-op goes first.
    assert_eq!(h.server.progress().unwrap()[2].0, LogIndex(4));
    // Follower 2 has only [1]: it reports its log end.
    let sent = h.msg(
        2,
        Msg::AppendReply {
            term: Term(2),
            success: false,
            prev_log_index: Some(LogIndex(3)),
            match_index: LogIndex(0),
            conflict_index: LogIndex(2),
            conflict_term: None,
            round: Round(0),
        },
    );
    assert_eq!(h.server.progress().unwrap()[2].0, LogIndex(2));
    match &sent[..] {
        [(
            to,
            Msg::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                ..
            },
        )] => {
            assert_eq!(*to, NodeId(2));
            assert_eq!((*prev_log_index, *prev_log_term), (LogIndex(1), Term(1)));
            assert_eq!(entries.len(), 3);
        }
        other => panic!("expected a retry, got {other:?}"),
    }
}

#[test]
fn s5_3_a_follower_commits_up_to_the_leaders_commit_but_not_past_its_new_entries() {
    let mut h = Harness::new(1, 3);
    h.msg(0, append(1, (0, 0), &[1, 1], 5));
    assert_eq!(h.server.commit_index(), LogIndex(2));
    assert_eq!(h.server.last_applied(), LogIndex(2));
    // A stale message with an older view must not move commit backwards.
    h.msg(0, append(1, (0, 0), &[1], 1));
    assert_eq!(h.server.commit_index(), LogIndex(2));
}

#[test]
fn s5_3_a_follower_commits_no_further_than_the_entries_that_message_vouched_for() {
    // Figure 2: commitIndex = min(leaderCommit, index of last new entry). Entries past the
    // message's last one were not checked against the leader's log by it.
    let mut h = Harness::new(1, 3);
    h.msg(0, append(1, (0, 0), &[1, 1, 1], 0));
    h.msg(0, append(1, (1, 1), &[], 3));
    assert_eq!(h.server.commit_index(), LogIndex(1));
}

#[test]
fn s5_1_a_leader_ignores_a_success_reply_of_an_earlier_term() {
    // A follower's reply to the term-1 leader arrives after this server leads term 2: what it
    // says of the follower's log was true of term 1's AppendEntries, not of this leader's.
    let mut h = Harness::new(0, 3);
    h.msg(1, append(1, (0, 0), &[1], 0));
    h.elect(&[2]); // term 2, log [1, 2 (no-op)]
    assert_eq!(h.server.term(), Term(2));
    h.msg(2, ack(1, 2));
    assert_eq!(h.server.commit_index(), LogIndex(0));
    assert_eq!(h.server.progress().unwrap()[2].1, LogIndex(0));
}

#[test]
fn s5_3_the_leader_commits_once_a_majority_stores_an_entry() {
    for (n, acks) in [(3u8, 1u8), (5, 2)] {
        let mut h = Harness::new(0, n);
        let voters: Vec<u8> = (1..=acks).collect();
        h.elect(&voters);
        assert_eq!(h.server.commit_index(), LogIndex(0));
        for f in 1..=acks {
            h.msg(f, ack(1, 1));
        }
        assert_eq!(h.server.commit_index(), LogIndex(1), "n={n}");
    }
}

#[test]
fn s5_3_the_leader_answers_a_client_once_its_entry_is_applied() {
    let mut h = Harness::new(0, 3);
    h.elect(&[1]);
    let op = Op::Put {
        key: "k".into(),
        value: "v".into(),
    };
    let sent = h.msg(
        7,
        Msg::ClientRequest {
            seq: 1,
            op,
            read: ReadPath::Log,
        },
    );
    assert!(
        sent.iter().all(|(to, _)| to.0 < 3),
        "no answer before commit"
    );
    let sent = h.msg(1, ack(1, 2));
    assert!(sent.iter().any(|(to, m)| to.0 == 7
        && matches!(
            m,
            Msg::ClientReply {
                seq: 1,
                outcome: ClientOutcome::Done(_)
            }
        )));
    assert_eq!(h.server.kv().get("k"), Some("v"));
}

#[test]
fn s5_3_followers_redirect_clients_to_the_leader() {
    let mut h = Harness::new(1, 3);
    h.msg(0, append(1, (0, 0), &[], 0));
    let sent = h.msg(
        7,
        Msg::ClientRequest {
            seq: 1,
            op: Op::Get { key: "k".into() },
            read: ReadPath::Log,
        },
    );
    assert!(matches!(
        &sent[..],
        [(
            _,
            Msg::ClientReply {
                outcome: ClientOutcome::NotLeader {
                    leader_hint: Some(NodeId(0))
                },
                ..
            }
        )]
    ));
}

// ---- §5.4: safety ----

#[test]
fn s5_4_1_votes_go_only_to_candidates_whose_log_is_at_least_as_up_to_date() {
    let mut h = Harness::new(0, 5);
    h.msg(1, append(2, (0, 0), &[1, 2], 0)); // log [1,2]
    assert_eq!(
        granted(&h.msg(2, vote_request(3, 5, 1))),
        vec![(NodeId(2), false)],
        "older last term"
    );
    assert_eq!(
        granted(&h.msg(3, vote_request(4, 1, 2))),
        vec![(NodeId(3), false)],
        "same term, shorter"
    );
    assert_eq!(
        granted(&h.msg(4, vote_request(5, 2, 2))),
        vec![(NodeId(4), true)],
        "same term, same length"
    );
    let mut h = Harness::new(0, 5);
    h.msg(1, append(2, (0, 0), &[1, 2], 0));
    assert_eq!(
        granted(&h.msg(2, vote_request(3, 1, 3))),
        vec![(NodeId(2), true)],
        "newer last term wins"
    );
}

#[test]
fn s5_4_2_a_leader_never_commits_an_earlier_term_entry_by_counting_replicas() {
    let mut h = Harness::new(0, 3);
    h.msg(1, append(1, (0, 0), &[1], 0)); // an uncommitted entry of term 1
    h.elect(&[1]); // term 2; log [1, 2(no-op)]
                   // Follower 2 now stores index 1 (term 1) only: a majority has it, but it is not of term 2.
    h.msg(2, ack(2, 1));
    assert_eq!(h.server.commit_index(), LogIndex(0));
    // Once the current-term no-op is on a majority, both commit together.
    h.msg(2, ack(2, 2));
    assert_eq!(h.server.commit_index(), LogIndex(2));
}

#[test]
fn s5_4_2_the_teaching_switch_commits_by_counting() {
    let mut config = RaftConfig::default();
    config.breaks.commit_old_terms_by_count = true;
    let mut h = Harness::with(0, 3, config);
    h.msg(1, append(1, (0, 0), &[1], 0));
    h.elect(&[1]);
    assert_eq!(
        log_terms(&h.server),
        [1],
        "the switch also skips the no-op, as in Figure 8"
    );
    h.msg(2, ack(2, 1));
    assert_eq!(
        h.server.commit_index(),
        LogIndex(1),
        "committed an old-term entry by count"
    );
}

#[test]
fn a_new_leader_appends_a_no_op_of_its_term() {
    let mut h = Harness::new(0, 3);
    h.elect(&[2]);
    assert!(h.server.log().entries().eq(&[noop(1)]));
}

#[test]
fn a_crash_keeps_term_vote_and_log_and_loses_the_rest() {
    let mut h = Harness::new(0, 3);
    h.msg(1, append(1, (0, 0), &[1, 1], 2));
    h.msg(2, vote_request(2, 2, 1));
    assert_eq!(h.server.commit_index(), LogIndex(2));
    h.server.on_crash();
    assert_eq!(h.server.term(), Term(2));
    assert_eq!(h.server.voted_for(), Some(NodeId(2)));
    assert_eq!(log_terms(&h.server), [1, 1]);
    assert_eq!(h.server.commit_index(), LogIndex(0));
    assert_eq!(h.server.last_applied(), LogIndex(0));
    assert_eq!(h.server.role(), Role::Follower);
    assert_eq!(h.server.leader(), None);
}

// ---- Stable storage (Figure 2: "updated on stable storage before responding") ----

/// A server whose disk takes 10 ms per write.
fn with_disk(id: u8, n: u8) -> Harness {
    let config = RaftConfig {
        disk_write: Duration::from_millis(10),
        ..RaftConfig::default()
    };
    Harness::with(id, n, config)
}

impl Harness {
    /// A message handled as the cluster handles it: through the disk.
    fn msg_disk(&mut self, from: u8, msg: Msg) -> Sent {
        self.drive(|s, out| s.with_disk(out, |s, out| s.on_message(NodeId(from), msg, out)))
            .0
    }
    fn timeout_disk(&mut self) -> Sent {
        self.drive(|s, out| s.with_disk(out, |s, out| s.on_timer(Timer::Election, out)))
            .0
    }
    /// The clock moves on to when the write in progress completes, which it does.
    fn write_completes(&mut self) -> Sent {
        self.now = self.server.disk_write_done().expect("a write in progress");
        self.drive(|s, out| {
            s.disk_written(out);
            s.with_disk(out, |s, out| s.on_written(out));
        })
        .0
    }
}

/// A vote granted to `s` for its log as it is now.
fn granted_vote(s: &Server, term: Term, pre_vote: bool) -> Msg {
    Msg::Vote {
        term,
        granted: true,
        pre_vote,
        candidate_log: (s.last_index(), s.log().last_term()),
    }
}

#[test]
fn a_crash_loses_the_disk_write_in_progress_and_keeps_the_completed_ones() {
    let mut h = with_disk(0, 3);
    h.msg_disk(1, append(1, (0, 0), &[1, 1], 0));
    h.write_completes();
    // A vote and an entry of term 2, on their way to the disk: the vote not yet sent.
    let sent = h.msg_disk(2, vote_request(2, 2, 1));
    assert!(granted(&sent).is_empty(), "the vote waits for the disk");
    h.msg_disk(2, append(2, (2, 1), &[2], 0));
    assert_eq!(
        (h.server.term(), log_terms(&h.server)),
        (Term(2), vec![1, 1, 2])
    );
    h.server.on_crash();
    assert_eq!(
        h.server.term(),
        Term(1),
        "the term of the last completed write"
    );
    assert_eq!(h.server.voted_for(), None);
    assert_eq!(log_terms(&h.server), [1, 1]);
    // Once written, they stay.
    h.msg_disk(2, vote_request(2, 2, 1));
    h.msg_disk(2, append(2, (2, 1), &[2], 0));
    let sent = h.write_completes();
    assert_eq!(granted(&sent), [(NodeId(2), true)]);
    h.write_completes();
    h.server.on_crash();
    assert_eq!(h.server.term(), Term(2));
    assert_eq!(h.server.voted_for(), Some(NodeId(2)));
    assert_eq!(log_terms(&h.server), [1, 1, 2]);
}

#[test]
fn a_candidate_counts_its_own_vote_only_once_it_is_written() {
    // A candidate that won on a vote a crash then took back could vote again in that term,
    // for another candidate, and the term have two leaders.
    let mut h = with_disk(0, 1);
    h.timeout_disk();
    assert_eq!(
        h.server.role(),
        Role::Candidate,
        "alone: not before its vote is written"
    );
    h.write_completes();
    assert_eq!(h.server.role(), Role::Leader);
    // Three servers: a peer's vote that arrives before the candidate's own write completes
    // (the write queued behind another) is one vote, not a majority.
    let mut h = with_disk(0, 3);
    h.msg_disk(1, append(1, (0, 0), &[1], 0));
    h.timeout_disk();
    h.msg_disk(1, granted_vote(&h.server, Term(2), false));
    assert_eq!(h.server.role(), Role::Candidate);
    h.write_completes();
    assert_eq!(
        h.server.role(),
        Role::Candidate,
        "the term and vote are the second write"
    );
    h.write_completes();
    assert_eq!(h.server.role(), Role::Leader);
}

#[test]
fn a_vote_counts_only_for_the_log_it_judged() {
    // A candidate asks for votes while an entry it holds is still being written; a crash takes
    // the entry and the candidacy back, and it campaigns for the same term again with the
    // shorter log. A vote granted to the first request, still on its way, judged a log that
    // is gone: counted, it would elect a leader without an entry its voter may hold committed.
    let mut h = with_disk(0, 3);
    h.msg_disk(1, append(1, (0, 0), &[1], 0));
    h.write_completes();
    h.msg_disk(1, append(1, (1, 1), &[1], 0));
    h.timeout_disk();
    assert_eq!(h.server.term(), Term(2));
    let stale = granted_vote(&h.server, Term(2), false);
    h.server.on_crash();
    assert_eq!((h.server.term(), log_terms(&h.server)), (Term(1), vec![1]));
    h.timeout_disk();
    assert_eq!(h.server.term(), Term(2), "the same term again");
    h.write_completes();
    h.msg_disk(1, stale);
    assert_eq!(
        h.server.role(),
        Role::Candidate,
        "the vote judged a log with index 2, which is gone"
    );
    h.msg_disk(2, granted_vote(&h.server, Term(2), false));
    assert_eq!(h.server.role(), Role::Leader);
}

#[test]
fn a_leader_counts_its_own_copy_of_an_entry_only_once_it_is_written() {
    // Thesis §10.2.1: the leader writes in parallel with replicating; were its unwritten copy
    // counted, a follower's copy and the leader's would commit the entry, and a crash of both
    // could leave it on no disk at all.
    let mut h = with_disk(0, 3);
    h.timeout_disk();
    h.write_completes();
    h.msg_disk(1, granted_vote(&h.server, Term(1), false));
    assert_eq!(h.server.role(), Role::Leader);
    h.write_completes(); // the no-op
    h.msg_disk(1, ack(1, 1));
    assert_eq!(h.server.commit_index(), LogIndex(1));
    let put = Op::Put {
        key: "k".into(),
        value: "v".into(),
    };
    let read = ReadPath::Log;
    h.msg_disk(
        7,
        Msg::ClientRequest {
            seq: 1,
            op: put,
            read,
        },
    );
    h.msg_disk(1, ack(1, 2));
    assert_eq!(
        h.server.commit_index(),
        LogIndex(1),
        "one copy of index 2 is on a disk"
    );
    h.write_completes();
    assert_eq!(h.server.commit_index(), LogIndex(2), "two are");
}

// ---- Pre-Vote and CheckQuorum (thesis §9.6) ----

#[test]
fn a_pre_vote_granted_to_an_older_log_counts_for_nothing_and_raises_no_term() {
    // A pre-vote granted during a pre-candidacy the server has since left (it heard a leader
    // and its log grew) arrives during the next one: it judged a log that is not this one.
    let config = RaftConfig {
        pre_vote: true,
        ..RaftConfig::default()
    };
    let mut h = Harness::with(0, 3, config);
    h.msg(1, append(1, (0, 0), &[1], 0));
    h.timeout();
    let stale = granted_vote(&h.server, Term(2), true);
    h.msg(1, append(1, (1, 1), &[1], 0));
    h.timeout();
    assert_eq!(
        (h.server.role(), h.server.term()),
        (Role::PreCandidate, Term(1))
    );
    h.msg(2, stale);
    assert_eq!(
        (h.server.role(), h.server.term()),
        (Role::PreCandidate, Term(1)),
        "neither counted nor read as a refusal from a later term"
    );
    h.msg(2, granted_vote(&h.server, Term(2), true));
    assert_eq!(
        (h.server.role(), h.server.term()),
        (Role::Candidate, Term(2))
    );
}

#[test]
fn pre_vote_does_not_raise_the_term_until_a_majority_agrees() {
    let config = RaftConfig {
        pre_vote: true,
        ..RaftConfig::default()
    };
    let mut h = Harness::with(0, 3, config);
    let (sent, _) = h.timeout();
    assert_eq!(h.server.role(), Role::PreCandidate);
    assert_eq!(h.server.term(), Term(0));
    assert!(sent.iter().all(|(_, m)| matches!(
        m,
        Msg::RequestVote {
            term: Term(1),
            pre_vote: true,
            ..
        }
    )));
    h.msg(1, granted_vote(&h.server, Term(1), true));
    assert_eq!(h.server.role(), Role::Candidate);
    assert_eq!(h.server.term(), Term(1));
}

#[test]
fn a_server_that_hears_from_its_leader_refuses_pre_votes() {
    let config = RaftConfig {
        pre_vote: true,
        ..RaftConfig::default()
    };
    let mut h = Harness::with(1, 3, config);
    h.msg(0, append(1, (0, 0), &[], 0));
    let sent = h.msg(
        2,
        Msg::RequestVote {
            term: Term(2),
            last_log_index: LogIndex(0),
            last_log_term: Term(0),
            pre_vote: true,
            transfer: false,
        },
    );
    assert!(matches!(
        sent[..],
        [(
            _,
            Msg::Vote {
                granted: false,
                pre_vote: true,
                ..
            }
        )]
    ));
    assert_eq!(
        h.server.term(),
        Term(1),
        "a pre-vote never changes the voter's term"
    );
}

#[test]
fn check_quorum_makes_a_leader_without_a_majority_step_down() {
    let config = RaftConfig {
        check_quorum: true,
        ..RaftConfig::default()
    };
    let round = config.election_timeout_max.as_micros();
    let mut h = Harness::with(0, 5, config);
    h.elect(&[1, 2]);
    let start = h.now.0;
    h.now = SimTime(start + round / 3);
    for f in [1, 2] {
        h.msg(f, ack(1, 1));
    }
    h.now = SimTime(start + round);
    h.timeout(); // the leader's election timer paces its CheckQuorum rounds
    assert_eq!(
        h.server.role(),
        Role::Leader,
        "heard from a majority (itself, N2, N3) within the round"
    );
    h.now = SimTime(start + round + round / 3);
    h.msg(1, ack(1, 1));
    h.now = SimTime(start + 2 * round);
    h.timeout();
    assert_eq!(
        h.server.role(),
        Role::Follower,
        "a round hearing only from N2 is not a majority"
    );
}

// ---- Regressions of issue 14: each test failed before its fix ----

fn put(k: &str, v: &str) -> Op {
    Op::Put {
        key: k.into(),
        value: v.into(),
    }
}

fn client_replies(sent: &Sent, client: u8) -> Vec<(u64, ClientOutcome)> {
    sent.iter()
        .filter(|(to, _)| to.0 == client)
        .filter_map(|(_, m)| match m {
            Msg::ClientReply { seq, outcome } => Some((*seq, outcome.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn thesis_4_2_3_a_leader_that_heard_from_a_majority_keeps_its_lease() {
    // Bug 1: the lease only counted contact received through AppendEntries, so a leader
    // always stepped down for a higher-term RequestVote, even from a node that cannot hear
    // anyone (and so deposed every leader while the followers rightly ignored it).
    let config = RaftConfig {
        check_quorum: true,
        ..RaftConfig::default()
    };
    let mut h = Harness::with(0, 5, config);
    h.elect(&[1, 2]);
    h.now = SimTime(h.now.0 + 20_000);
    for f in [1, 2] {
        h.msg(f, ack(1, 1));
    }
    h.now = SimTime(h.now.0 + 100_000);
    let sent = h.msg(4, vote_request(7, 9, 9));
    assert_eq!(
        h.server.role(),
        Role::Leader,
        "in lease: the request is ignored"
    );
    assert_eq!(h.server.term(), Term(1));
    assert!(granted(&sent).is_empty());
    // Once a minimum election timeout has passed without a majority's answers, the lease is
    // over and the request is heard.
    h.now = SimTime(h.now.0 + config.election_timeout_min.as_micros());
    h.msg(4, vote_request(7, 9, 9));
    assert_eq!(h.server.term(), Term(7));
    assert_eq!(h.server.role(), Role::Follower);
}

#[test]
fn thesis_3_10_a_leader_takes_no_new_client_writes_while_it_transfers_leadership() {
    // Bug 2: appending during a transfer can leave the target with a shorter log than the
    // voters, so its election fails and the cluster is leaderless for a timeout.
    let mut h = Harness::new(0, 3);
    h.elect(&[1]);
    h.msg(1, ack(1, 1));
    h.msg(2, ack(1, 1));
    h.drive(|s, out| s.transfer_leadership(NodeId(1), out));
    let before = h.server.log().len();
    let sent = h.msg(
        7,
        Msg::ClientRequest {
            seq: 1,
            op: put("x", "1"),
            read: ReadPath::Log,
        },
    );
    assert_eq!(
        h.server.log().len(),
        before,
        "nothing appended during the transfer"
    );
    assert!(matches!(
        client_replies(&sent, 7)[..],
        [(1, ClientOutcome::NotLeader { .. })]
    ));
}

#[test]
fn thesis_3_10_a_transfer_is_not_abandoned_by_the_leaders_next_check_quorum_round() {
    // Bug 3: the leader's periodic round (its election timer) abandoned any transfer, even one
    // that began a moment before; the transfer lasts an election timeout from its start.
    let mut h = Harness::new(0, 3);
    h.elect(&[1]);
    h.msg(1, ack(1, 1));
    // N3 is lagging: the transfer first brings it up to date.
    h.drive(|s, out| s.transfer_leadership(NodeId(2), out));
    h.now = SimTime(h.now.0 + 1_000);
    h.timeout();
    h.now = SimTime(h.now.0 + 1_000);
    let sent = h.msg(2, ack(1, 1));
    assert!(
        sent.iter()
            .any(|(to, m)| *to == NodeId(2) && matches!(m, Msg::TimeoutNow { .. })),
        "the caught-up target is told to start its election: {sent:?}"
    );
}

#[test]
fn s5_3_a_rejection_for_a_stale_term_alone_does_not_move_next_index() {
    // Bug 4: a follower that already knows this leader's current term rejects a delayed
    // AppendEntries of the leader's earlier term; that says nothing about its log, but the
    // leader read it as a mismatch and reset nextIndex to 1.
    let mut h = Harness::new(0, 3);
    h.elect(&[1]); // term 1
    for i in 0..4 {
        h.msg(
            7,
            Msg::ClientRequest {
                seq: i + 1,
                op: put("x", "1"),
                read: ReadPath::Log,
            },
        );
    }
    h.msg(1, ack(1, 5));
    // A higher term ends its first leadership; it then wins term 3.
    h.msg(2, vote_request(2, 0, 0));
    h.timeout();
    let term = h.server.term();
    assert_eq!(term, Term(3));
    h.msg(1, granted_vote(&h.server, term, false));
    assert_eq!(h.server.role(), Role::Leader);
    let next = h.server.progress().unwrap()[2].0;
    assert_eq!(next, LogIndex(6), "past the log as it was when elected");
    // N3, already in term 3, rejects the leader's term-1 heartbeat (its prevLogIndex was 5).
    let sent = h.msg(2, stale_term_rejection(3, 5));
    assert_eq!(
        h.server.progress().unwrap()[2].0,
        next,
        "nextIndex untouched"
    );
    assert!(sent.is_empty(), "no repair started: {sent:?}");
}

#[test]
fn thesis_6_3_a_session_answers_a_sequence_number_only_with_its_own_reply() {
    // Bug 5: the session table answered any older sequence number with the newest reply.
    let mut h = Harness::new(0, 3);
    h.elect(&[1]);
    h.msg(
        7,
        Msg::ClientRequest {
            seq: 1,
            op: put("x", "1"),
            read: ReadPath::Log,
        },
    );
    h.msg(1, ack(1, 2));
    h.msg(
        7,
        Msg::ClientRequest {
            seq: 2,
            op: Op::Get { key: "x".into() },
            read: ReadPath::Log,
        },
    );
    h.msg(1, ack(1, 3));
    assert_eq!(h.server.last_applied(), LogIndex(3));
    // A late duplicate of request 1 (the client has long moved on).
    let sent = h.msg(
        7,
        Msg::ClientRequest {
            seq: 1,
            op: put("x", "1"),
            read: ReadPath::Log,
        },
    );
    for (seq, outcome) in client_replies(&sent, 7) {
        assert_eq!(seq, 1);
        assert_eq!(
            outcome,
            ClientOutcome::Done(ringleader::raft::Reply {
                ok: true,
                value: None
            }),
            "request 1 was a put: it never read a value"
        );
    }
}

#[test]
fn thesis_3_10_a_transfer_that_does_not_complete_within_an_election_timeout_is_abandoned() {
    let config = RaftConfig::default();
    let timeout = config.election_timeout_max.as_micros();
    let mut h = Harness::new(0, 3);
    h.elect(&[1]);
    h.msg(1, ack(1, 1));
    let start = h.now.0;
    h.drive(|s, out| s.transfer_leadership(NodeId(2), out)); // N3 never answers
    let heartbeat = |h: &mut Harness| {
        h.drive(|s, out| s.on_timer(Timer::Heartbeat, out));
    };
    h.now = SimTime(start + timeout - 1);
    heartbeat(&mut h);
    let sent = h.msg(
        7,
        Msg::ClientRequest {
            seq: 1,
            op: put("x", "1"),
            read: ReadPath::Log,
        },
    );
    assert!(matches!(
        client_replies(&sent, 7)[..],
        [(1, ClientOutcome::NotLeader { .. })]
    ));
    h.now = SimTime(start + timeout);
    heartbeat(&mut h);
    let before = h.server.log().len();
    h.msg(
        7,
        Msg::ClientRequest {
            seq: 1,
            op: put("x", "1"),
            read: ReadPath::Log,
        },
    );
    assert_eq!(h.server.log().len(), before + 1, "writes are taken again");
}

// ---- Fast backtracking (the optimisation noted in §5.3): found by mutation testing ----

#[test]
fn s5_3_a_rejection_names_the_first_index_of_the_conflicting_term() {
    let mut h = Harness::new(1, 3);
    h.msg(0, append(2, (0, 0), &[1, 2, 2, 2], 0));
    // The leader of term 3 has term 3 at index 4: the follower's whole term 2 conflicts.
    let sent = h.msg(0, append(3, (4, 3), &[], 0));
    assert!(
        matches!(
            sent[..],
            [(
                _,
                Msg::AppendReply {
                    success: false,
                    conflict_index: LogIndex(2),
                    conflict_term: Some(Term(2)),
                    ..
                }
            )]
        ),
        "{sent:?}"
    );
}

#[test]
fn s5_3_the_leader_skips_a_conflicting_term_in_one_step() {
    // The leader's log is [1, 3, 3] and then its no-op of term 4; a follower holds [1, 2, 2].
    let mut h = Harness::new(0, 3);
    h.msg(1, append(1, (0, 0), &[1], 0));
    h.msg(1, append(3, (1, 1), &[3, 3], 0));
    h.elect(&[1]); // term 4
    assert_eq!(log_terms(&h.server), [1, 3, 3, 4]);
    let reject = |prev: u64, conflict_index: u64, conflict_term: Option<u64>| Msg::AppendReply {
        term: Term(4),
        success: false,
        prev_log_index: Some(LogIndex(prev)),
        match_index: LogIndex(0),
        conflict_index: LogIndex(conflict_index),
        conflict_term: conflict_term.map(Term),
        round: Round(0),
    };
    // The follower's term 2 is unknown to the leader: go back to where it starts.
    h.msg(2, reject(3, 2, Some(2)));
    assert_eq!(h.server.progress().unwrap()[2].0, LogIndex(2));
    // Another follower's conflicting term 3 the leader has too: resume right after the
    // leader's last entry of term 3.
    h.msg(1, reject(3, 2, Some(3)));
    assert_eq!(h.server.progress().unwrap()[1].0, LogIndex(4));
}

#[test]
fn role_names_are_the_pages_stable_contract() {
    // The page's `data-role` attribute and the end-to-end tests read these names.
    assert_eq!(Role::Follower.name(), "follower");
    // A pre-candidate has not started an election: its term has not moved (thesis §9.6).
    assert_eq!(Role::PreCandidate.name(), "pre-candidate");
    assert_eq!(Role::Candidate.name(), "candidate");
    assert_eq!(Role::Leader.name(), "leader");
}

#[test]
fn with_leases_a_follower_promises_silence_for_a_minimum_election_timeout() {
    // Thesis §6.4.1: the page warns that a forced timeout breaks this promise.
    let config = RaftConfig {
        leases: true,
        ..RaftConfig::default()
    };
    let mut h = Harness::with(1, 3, config);
    h.msg(0, append(1, (0, 0), &[1], 0));
    assert!(h.server.promises_lease(h.now));
    let later = h.now + config.election_timeout_min;
    assert!(!h.server.promises_lease(later));
    // It keeps the promise when a reply teaches it a higher term (the leader is forgotten).
    h.msg(2, stale_term_rejection(5, 1));
    assert_eq!(h.server.term(), Term(5));
    assert!(h.server.promises_lease(h.now));
    assert!(
        h.msg(2, vote_request(5, 1, 1)).is_empty(),
        "no vote, no answer"
    );
    // Without leases there is no promise to keep.
    let mut h = Harness::new(1, 3);
    h.msg(0, append(1, (0, 0), &[1], 0));
    assert!(!h.server.promises_lease(h.now));
}
