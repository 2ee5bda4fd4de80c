//! The hash ring core against published golden values and the properties each algorithm
//! promises.

use ringleader::ring::md5::{hex, md5};
use ringleader::ring::metrics::{self, key_space_shares, movement, theoretical_cv};
use ringleader::ring::{keys, Algorithm, Key, Members, Placement, RingError};

fn build(algo: Algorithm, m: &Members) -> Placement {
    Placement::build(algo, m.list()).unwrap()
}

const KETAMA_SERVERS: &str = "\
#------ Server -------\t-Mem-#
#255.255.255.255:65535\t66666#
10.0.1.1:11211\t600
10.0.1.2:11211\t300
10.0.1.3:11211\t200
10.0.1.4:11211\t350
10.0.1.5:11211\t1000
10.0.1.6:11211\t800
10.0.1.7:11211\t950
10.0.1.8:11211\t100
";

#[test]
fn ketama_matches_libketamas_own_test_output() {
    // libketama/test.sh: the MD5 of ketama_test's output over keys "0".."999999" with
    // ketama.servers must be 5672b131391f5aa2b280936aec1eea74. Each line is
    // "<key hash> <point> <server>", after a first line with the (empty) error string.
    let m = Members::from_ketama_servers(KETAMA_SERVERS).unwrap();
    let p = build(Algorithm::Ketama, &m);
    let mut out = String::with_capacity(40_000_000);
    out.push('\n');
    for i in 0..1_000_000u32 {
        let k = Key::new(&i.to_string());
        let (point, id) = p.ketama_lookup(k.ketama).unwrap();
        let server = &m.get(id).unwrap().name;
        out.push_str(&format!("{} {point} {server}\n", k.ketama));
    }
    assert_eq!(
        hex(&md5(out.as_bytes())),
        "5672b131391f5aa2b280936aec1eea74"
    );
}

#[test]
fn ketama_matches_python_ketamas_tests() {
    let m = Members::from_ketama_servers("127.0.0.1:11211\t600\n127.0.0.1:11212\t400\n").unwrap();
    let p = build(Algorithm::Ketama, &m);
    assert_eq!(p.points().len(), 160 * 2);
    let (point, id) = p.ketama_lookup(Key::new("test").ketama).unwrap();
    assert_eq!(point, 3_454_255_383);
    assert_eq!(m.get(id).unwrap().name, "127.0.0.1:11211");
}

#[test]
fn a_broken_server_list_names_its_line() {
    let err =
        Members::from_ketama_servers("10.0.0.1:11211\t600\n10.0.0.2:11211 two\n").unwrap_err();
    assert_eq!(
        err,
        RingError::BadServerLine(2, "10.0.0.2:11211 two".into())
    );
    assert_eq!(
        Members::from_ketama_servers("# nothing\n"),
        Err(RingError::NoMembers)
    );
}

fn grow(algo: Algorithm, n: u32, keys: &[Key]) -> (f64, bool) {
    let mut m = Members::named(n);
    let before = build(algo, &m).assign(keys, 1);
    let new = m.add("node-new", 100).unwrap();
    let after = build(algo, &m).assign(keys, 1);
    let mv = movement(&before, &after);
    let all_to_new = mv.flows.keys().all(|&(_, to)| to == Some(new));
    (mv.fraction(), all_to_new)
}

#[test]
fn growing_4_to_5_moves_most_keys_with_mod_n_and_a_fifth_with_consistent_hashing() {
    let keys = keys::uniform(1, 20_000);
    let (f, _) = grow(Algorithm::ModN, 4, &keys);
    assert!((f - 0.8).abs() < 0.02, "mod-n moves n/(n+1) = 80%: {f}");
    for algo in [
        Algorithm::Ring { vnodes: 200 },
        Algorithm::Jump,
        Algorithm::Rendezvous,
        Algorithm::MultiProbe { probes: 21 },
    ] {
        let (f, all_to_new) = grow(algo, 4, &keys);
        assert!((f - 0.2).abs() < 0.05, "{}: {f}", algo.name());
        assert!(
            all_to_new,
            "{}: every moved key went to the new node",
            algo.name()
        );
    }
}

#[test]
fn maglev_balances_almost_perfectly_but_moves_a_little_more_than_the_optimum() {
    let keys = keys::uniform(2, 50_000);
    let mut m = Members::named(20);
    let p = build(Algorithm::Maglev { table_size: 65_537 }, &m);
    let table = p.maglev_table().unwrap();
    let per: Vec<f64> = m
        .list()
        .iter()
        .map(|mem| table.iter().filter(|&&id| id == mem.id).count() as f64)
        .collect();
    let (_, _, max) = metrics::spread(&per);
    assert!(
        max / (65_537.0 / 20.0) < 1.01,
        "table slots max/mean {}",
        max / (65_537.0 / 20.0)
    );
    let before = p.assign(&keys, 1);
    let gone = m.list()[7].id;
    m.remove(gone).unwrap();
    let after = build(Algorithm::Maglev { table_size: 65_537 }, &m).assign(&keys, 1);
    let f = movement(&before, &after).fraction();
    assert!(
        (0.045..0.08).contains(&f),
        "removing 1 of 20 moves ≈ 5% plus Maglev's extra: {f}"
    );
}

#[test]
fn bounded_loads_never_exceed_their_capacity_even_with_hot_keys() {
    let requests = keys::zipf(3, 200, 10_000);
    let m = Members::named(8);
    for c in [110, 125, 150, 200] {
        let p = build(
            Algorithm::BoundedLoad {
                vnodes: 100,
                c_percent: c,
            },
            &m,
        );
        let a = p.assign(&requests, 1);
        let cap = (u64::from(c) * 10_000).div_ceil(100 * 8);
        let load = metrics::load(m.list(), &a);
        assert!(
            load.per_member.iter().all(|&(_, k)| k <= cap),
            "c={c}: {load:?}"
        );
        assert_eq!(load.lost, 0);
    }
    // Without the bound, the hottest key's node is far above the mean.
    let plain = metrics::load(
        m.list(),
        &build(Algorithm::Ring { vnodes: 100 }, &m).assign(&requests, 1),
    );
    assert!(plain.max_over_mean > 1.5, "{plain:?}");
}

#[test]
fn bounded_loads_cap_each_node_at_c_times_its_share_by_weight() {
    // A node of weight 300 beside three of 100 has half the points, so half the keys: its
    // cap is c × its share (⌈1.25 × 10,000 × 300/600⌉ = 6,250), not c × the mean (3,125),
    // which would push thousands of its keys onto the light nodes.
    let mut m = Members::default();
    for (name, weight) in [("heavy", 300), ("a", 100), ("b", 100), ("c", 100)] {
        m.add(name, weight).unwrap();
    }
    let keys = keys::uniform(7, 10_000);
    let p = build(
        Algorithm::BoundedLoad {
            vnodes: 100,
            c_percent: 125,
        },
        &m,
    );
    let load = metrics::load(m.list(), &p.assign(&keys, 1));
    let of = |name: &str| {
        let id = m.by_name(name).unwrap().id;
        load.per_member.iter().find(|&&(i, _)| i == id).unwrap().1
    };
    assert!(
        of("heavy") > 4_000,
        "the heavy node keeps its share: {load:?}"
    );
    assert!(of("heavy") <= 6_250, "{load:?}");
    for light in ["a", "b", "c"] {
        assert!(
            of(light) <= 2_084,
            "{light} within ⌈1.25 × 10,000 × 100/600⌉: {load:?}"
        );
    }
    // Against the fair shares by weight, no node is above c (but for the rounding up).
    assert!(load.max_over_mean <= 1.251, "{load:?}");
    // The heavy node down, the shares are of the three left: ⌈1.25 × 10,000 / 3⌉ each, and
    // every key still has a node with room.
    let heavy = m.by_name("heavy").unwrap().id;
    m.set_up(heavy, false).unwrap();
    let algo = Algorithm::BoundedLoad {
        vnodes: 100,
        c_percent: 125,
    };
    let load = metrics::load(m.list(), &build(algo, &m).assign(&keys, 1));
    assert_eq!(load.lost, 0, "{load:?}");
    assert!(load.per_member.iter().all(|&(_, k)| k <= 4_167), "{load:?}");
    // Every node down: every key lost, no capacity to divide by.
    for id in m.list().iter().map(|x| x.id).collect::<Vec<_>>() {
        m.set_up(id, false).unwrap();
    }
    let a = build(algo, &m).assign(&keys, 1);
    assert!(a.served_by.iter().all(Option::is_none));
}

#[test]
fn virtual_nodes_bring_the_spread_down_as_theory_says() {
    // n = 10 members, k points each: CV of key-space shares ≈ √((n−1)/(nk+1)). Averaged over
    // 20 member namings so one lucky ring does not decide.
    for k in [1u32, 10, 100, 1000] {
        let mut total = 0.0;
        let runs = 20;
        for run in 0..runs {
            let mut m = Members::default();
            for i in 0..10 {
                m.add(&format!("r{run}-node-{i}"), 100).unwrap();
            }
            let p = build(Algorithm::Ring { vnodes: k }, &m);
            let shares: Vec<f64> = key_space_shares(&p).unwrap().iter().map(|s| s.1).collect();
            total += metrics::spread(&shares).1;
        }
        let measured = total / f64::from(runs);
        let theory = theoretical_cv(10, k);
        println!(
            "n=10 k={k}: measured CV {measured:.3} (mean of {runs} rings), theory {theory:.3}"
        );
        assert!(
            (measured - theory).abs() < 0.25 * theory,
            "k={k}: measured {measured:.3}, theory {theory:.3}"
        );
    }
}

#[test]
fn a_down_node_loses_no_keys_with_two_replicas_and_its_keys_with_one() {
    let keys = keys::uniform(4, 5000);
    for algo in [
        Algorithm::Ring { vnodes: 100 },
        Algorithm::Rendezvous,
        Algorithm::Jump,
        Algorithm::ModN,
        Algorithm::Maglev { table_size: 5003 },
        Algorithm::Ketama,
    ] {
        let mut m = Members::named(5);
        let victim = m.list()[2].id;
        let owned = build(algo, &m)
            .assign(&keys, 1)
            .served_by
            .iter()
            .filter(|&&s| s == Some(victim))
            .count() as u64;
        m.set_up(victim, false).unwrap();
        let p = build(algo, &m);
        assert_eq!(
            metrics::load(m.list(), &p.assign(&keys, 2)).lost,
            0,
            "{}",
            algo.name()
        );
        assert_eq!(
            metrics::load(m.list(), &p.assign(&keys, 1)).lost,
            owned,
            "{}",
            algo.name()
        );
        assert!(owned > 0);
    }
}

#[test]
fn jump_can_only_remove_its_last_bucket() {
    let m = Members::named(4);
    let p = build(Algorithm::Jump, &m);
    assert!(matches!(
        p.check_removal(m.list()[1].id),
        Err(RingError::JumpRemovesLastOnly { .. })
    ));
    assert!(p.check_removal(m.list()[3].id).is_ok());
    assert!(build(Algorithm::Ring { vnodes: 3 }, &m)
        .check_removal(m.list()[1].id)
        .is_ok());
}

#[test]
fn bad_parameters_are_refused_with_a_message() {
    let m = Members::named(3);
    for algo in [
        Algorithm::Ring { vnodes: 0 },
        Algorithm::Ring { vnodes: 1001 },
        Algorithm::Maglev { table_size: 65_535 },
        Algorithm::Maglev { table_size: 2 },
        Algorithm::MultiProbe { probes: 0 },
        Algorithm::BoundedLoad {
            vnodes: 10,
            c_percent: 50,
        },
    ] {
        let err = Placement::build(algo, m.list()).unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    assert_eq!(
        Placement::build(Algorithm::Jump, &[]).unwrap_err(),
        RingError::NoMembers
    );
}

#[test]
fn weights_scale_a_members_share() {
    let mut m = Members::default();
    m.add("small", 100).unwrap();
    m.add("big", 300).unwrap();
    let keys = keys::uniform(9, 20_000);
    for algo in [
        Algorithm::Ring { vnodes: 200 },
        Algorithm::Rendezvous,
        Algorithm::Ketama,
    ] {
        let load = metrics::load(m.list(), &build(algo, &m).assign(&keys, 1));
        let ratio = load.per_member[1].1 as f64 / load.per_member[0].1 as f64;
        assert!((ratio - 3.0).abs() < 0.45, "{}: {ratio}", algo.name());
    }
}

#[test]
fn multi_probe_keeps_peak_to_mean_low_with_one_point_per_node() {
    let keys = keys::uniform(5, 50_000);
    let m = Members::named(10);
    let probe = metrics::load(
        m.list(),
        &build(Algorithm::MultiProbe { probes: 21 }, &m).assign(&keys, 1),
    );
    let single = metrics::load(
        m.list(),
        &build(Algorithm::Ring { vnodes: 1 }, &m).assign(&keys, 1),
    );
    assert!(probe.max_over_mean < 1.35, "{probe:?}");
    assert!(single.max_over_mean > probe.max_over_mean);
}

#[test]
fn golden_placements_are_the_same_in_the_browser() {
    // tests/web.rs computes the same fingerprints under wasm32.
    let fingerprint = metrics::fingerprint_all(&Members::named(7), &keys::uniform(11, 2000), 50, 2);
    assert_eq!(fingerprint, GOLDEN_PLACEMENTS);
}

const GOLDEN_PLACEMENTS: &str = "fb41634450d6318d3cd59058c4ab4fd5";

#[test]
fn rendezvous_preference_lists_are_the_highest_scores_in_order() {
    let p = build(Algorithm::Rendezvous, &Members::named(9));
    for key in keys::uniform(5, 300) {
        let by_score: Vec<_> = p
            .rendezvous_scores(&key)
            .iter()
            .map(|&(id, _)| id)
            .collect();
        for r in 1..=9 {
            assert_eq!(
                p.preference(&key, r),
                by_score[..r as usize],
                "{} r={r}",
                key.name
            );
        }
        assert_eq!(p.owner(&key), by_score[0]);
    }
}
