//! Every guided scenario, replayed headless cue by cue, tells the truth: the outcome each
//! caption narrates is checked against the simulation and the ring lab.

use ringleader::check::Property;
use ringleader::playground::Playground;
use ringleader::raft::{Actor, Role};
use ringleader::scenario::{self, leader, Player, Scenario, World};
use ringleader::share::ClusterSpec;
use ringleader::sim::NodeId;

fn start(id: &str) -> (Player, Playground) {
    let s: Scenario = scenario::find(id).unwrap_or_else(|| panic!("no scenario {id}"));
    s.validate().unwrap();
    let mut world = Playground::new(s.seed, ClusterSpec::default().config());
    let player = Player::start(s, &mut world);
    (player, world)
}

fn next(p: &mut Player, w: &mut Playground) {
    assert!(p.run_to_cue(w).unwrap(), "another cue");
}

fn moved(w: &Playground, lens: usize) -> f64 {
    w.lab().lenses()[lens].moved.as_ref().unwrap().fraction()
}

fn load(w: &Playground, lens: usize) -> ringleader::ring::metrics::LoadSummary {
    w.lab().lenses()[lens].load(&w.lab().members).unwrap()
}

fn servers(w: &Playground) -> Vec<&ringleader::raft::Server> {
    w.sim()
        .nodes()
        .iter()
        .filter_map(Actor::as_server)
        .collect()
}

fn assert_safe(w: &Playground) {
    assert!(
        w.checker().violations().is_empty(),
        "{:#?}",
        w.checker().violations()
    );
}

#[test]
fn all_eleven_are_valid_with_both_languages() {
    let all = scenario::all();
    assert_eq!(all.len(), 11);
    for s in &all {
        s.validate().unwrap();
        assert!(s.cues() >= 2, "{}", s.id);
        for step in s.steps.iter().filter(|st| st.cue) {
            assert!(
                !step.caption.en.is_empty() && !step.caption.zh.is_empty(),
                "{}",
                s.id
            );
        }
    }
}

#[test]
fn mod_n_moves_most_keys_and_the_ring_about_a_fifth() {
    let (mut p, mut w) = start("mod-n");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    assert!(moved(&w, 0) > 0.7, "mod-n {}", moved(&w, 0));
    assert!((0.12..0.3).contains(&moved(&w, 1)), "ring {}", moved(&w, 1));
}

#[test]
fn virtual_nodes_lower_the_spread() {
    let (mut p, mut w) = start("virtual-nodes");
    let mut cvs = Vec::new();
    while p.run_to_cue(&mut w).unwrap() {
        cvs.push(load(&w, 0).cv);
    }
    assert_eq!(cvs.len(), 4);
    assert!(cvs.windows(2).all(|c| c[1] < c[0]), "{cvs:?}");
    assert!(cvs[3] < 0.05, "{cvs:?}");
}

#[test]
fn a_node_dies_replicas_keep_the_data() {
    let (mut p, mut w) = start("node-dies");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    assert!(load(&w, 0).lost > 200, "R = 1 loses N3's keys");
    assert!(
        !w.sim().is_alive(NodeId(2)),
        "N3 is the cluster's N3: crashed too"
    );
    next(&mut p, &mut w);
    assert_eq!(load(&w, 0).lost, 0, "R = 2 loses nothing");
    next(&mut p, &mut w);
    assert_eq!(w.lab().lenses()[0].served_by_replica(), 0);
}

#[test]
fn hot_keys_overload_the_ring_and_bounded_loads_cap_them() {
    let (mut p, mut w) = start("hot-keys");
    next(&mut p, &mut w);
    let plain = load(&w, 0).max_over_mean;
    let bounded = load(&w, 1).max_over_mean;
    assert!(plain > 1.5, "{plain}");
    assert!(bounded <= 1.26, "{bounded}");
}

#[test]
fn the_first_election_elects_one_leader() {
    let (mut p, mut w) = start("first-election");
    next(&mut p, &mut w);
    assert!(leader(w.sim()).is_none());
    next(&mut p, &mut w);
    assert!(
        servers(&w).iter().any(|s| s.role() == Role::Candidate),
        "someone is campaigning"
    );
    assert!(leader(w.sim()).is_none(), "not yet elected");
    next(&mut p, &mut w);
    let (_, term) = leader(w.sim()).expect("a leader");
    assert_eq!(term, 1);
    assert_safe(&w);
}

#[test]
fn after_the_leader_crashes_a_new_one_has_a_higher_term() {
    let (mut p, mut w) = start("leader-crash");
    next(&mut p, &mut w);
    let (old, term) = leader(w.sim()).expect("a leader");
    next(&mut p, &mut w);
    assert!(!w.sim().is_alive(old));
    next(&mut p, &mut w);
    let (new, new_term) = leader(w.sim()).expect("a new leader");
    assert_ne!(new, old);
    assert!(new_term > term);
    next(&mut p, &mut w);
    assert!(w.sim().is_alive(old));
    w.advance_to(w.sim().now() + ringleader::sim::Duration::from_millis(300));
    let s = &servers(&w)[usize::from(old.0)];
    assert_eq!(s.role(), Role::Follower, "the old leader follows");
    assert_safe(&w);
}

#[test]
fn fixed_timeouts_split_votes_and_random_ones_elect() {
    let (mut p, mut w) = start("split-votes");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    assert!(leader(w.sim()).is_none(), "no leader with fixed timeouts");
    assert!(servers(&w)[0].term().0 >= 3, "the term keeps rising");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    assert!(
        leader(w.sim()).is_some(),
        "randomised timeouts elect a leader"
    );
    assert_safe(&w);
}

#[test]
fn a_minority_leader_cannot_commit_and_healing_converges() {
    let (mut p, mut w) = start("partition");
    next(&mut p, &mut w);
    let (old, term) = leader(w.sim()).expect("a leader");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    let s = servers(&w);
    let o = s[usize::from(old.0)];
    assert!(
        o.log().last_index() > o.commit_index(),
        "the old leader holds an uncommitted entry"
    );
    let others: Vec<_> = s
        .iter()
        .filter(|x| x.term().0 > term && x.role() == Role::Leader)
        .collect();
    assert_eq!(
        others.len(),
        1,
        "the majority elected a leader of a higher term"
    );
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    let s = servers(&w);
    assert_eq!(s.iter().filter(|x| x.role() == Role::Leader).count(), 1);
    let commits: Vec<_> = s.iter().map(|x| x.commit_index()).collect();
    assert!(commits.iter().all(|c| *c == commits[0]), "{commits:?}");
    assert_safe(&w);
}

#[test]
fn pre_vote_stops_a_rejoining_node_from_disrupting() {
    let (mut p, mut w) = start("pre-vote");
    next(&mut p, &mut w);
    let (_, term) = leader(w.sim()).expect("a leader");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    let (_, after) = leader(w.sim()).expect("a leader again");
    assert!(
        after > term,
        "without Pre-Vote the term rose: {term} → {after}"
    );
    next(&mut p, &mut w);
    // With Pre-Vote, from time zero.
    w.advance_to(ringleader::sim::SimTime::from_millis(800));
    let (l, term) = leader(w.sim()).expect("a leader");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    assert_eq!(leader(w.sim()), Some((l, term)), "same leader, same term");
    assert_safe(&w);
}

#[test]
fn figure_8_loses_a_committed_entry_when_old_terms_commit_by_count() {
    let (mut p, mut w) = start("figure-8");
    while p.run_to_cue(&mut w).unwrap() {}
    assert!(
        w.checker().first(Property::LeaderCompleteness).is_some(),
        "{:#?}",
        w.checker().violations()
    );
    assert!(w.checker().first(Property::StateMachineSafety).is_some());
    let s = servers(&w);
    assert_eq!(s[1].kv().get("x"), Some("A"));
    assert_eq!(s[4].kv().get("x"), Some("B"));
}

#[test]
fn a_follower_far_behind_is_repaired() {
    let (mut p, mut w) = start("log-repair");
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    let down = (0..5)
        .map(NodeId)
        .find(|&id| !w.sim().is_alive(id))
        .expect("a crashed follower");
    next(&mut p, &mut w);
    let s = servers(&w);
    let (l, _) = leader(w.sim()).unwrap();
    assert!(
        s[usize::from(l.0)].log().last_index().0 >= s[usize::from(down.0)].log().last_index().0 + 8
    );
    next(&mut p, &mut w);
    next(&mut p, &mut w);
    let s = servers(&w);
    assert_eq!(
        s[usize::from(down.0)].log().last_index(),
        s[usize::from(l.0)].log().last_index()
    );
    assert_eq!(s[usize::from(down.0)].kv(), s[usize::from(l.0)].kv());
    assert_safe(&w);
}
