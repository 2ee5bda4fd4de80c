//! The Lab's experiments against the closed forms they re-create, with tolerances that follow
//! from the number of trials and keys, and the command line against the library.

use ringleader::lab::{self, Experiment, Settings, Table};

fn num(t: &Table, row: usize, key: &str) -> f64 {
    t.get(row, key)
        .and_then(|c| c.as_f64())
        .unwrap_or_else(|| panic!("row {row} has a number in {key}"))
}

fn text(t: &Table, row: usize, key: &str) -> String {
    t.get(row, key).expect("a cell").to_string()
}

fn run(e: Experiment) -> Table {
    lab::table(e, e.defaults()).expect("the defaults are valid")
}

#[test]
fn the_spread_of_arcs_and_of_key_counts_follows_the_theory() {
    let t = run(Experiment::Balance);
    let trials = f64::from(t.settings.trials);
    assert_eq!(t.rows.len(), lab::BALANCE_N.len() * lab::BALANCE_K.len());
    for row in 0..t.rows.len() {
        let (n, k) = (num(&t, row, "nodes"), num(&t, row, "vnodes"));
        // A share is a sum of k exponential spacings (kurtosis 3 + 6/k); the root mean square
        // of the CV over the trials then has a relative spread of about
        // ½·√((2 + 6/k) / (trials·n)). Allow four times that.
        let tolerance = 4.0 * 0.5 * ((2.0 + 6.0 / k) / (trials * n)).sqrt();
        for (measured, theory) in [("arcs_cv", "arcs_theory"), ("keys_cv", "keys_theory")] {
            let (m, th) = (num(&t, row, measured), num(&t, row, theory));
            assert!(
                (m / th - 1.0).abs() <= tolerance,
                "n={n} k={k}: {measured} {m} against {theory} {th} (tolerance {tolerance})"
            );
        }
    }
    // With a hundred nodes of a thousand virtual nodes the key set, not the ring, sets the
    // spread: the sampling term is what makes theory and measurement meet.
    let last = t.rows.len() - 1;
    assert!(num(&t, last, "keys_cv") > 2.0 * num(&t, last, "arcs_theory"));
}

#[test]
fn consistent_algorithms_move_the_optimum_onto_the_new_node_and_mod_n_moves_almost_all() {
    let t = run(Experiment::Moved);
    let keys = t.settings.keys as f64;
    let n = f64::from(t.settings.nodes);
    let row = |name: &str| {
        (0..t.rows.len())
            .find(|&r| text(&t, r, "algorithm") == name)
            .unwrap_or_else(|| panic!("a row for {name}"))
    };
    let binomial = |p: f64| 5.0 * (p * (1.0 - p) / keys).sqrt();
    let (add, remove) = (1.0 / (n + 1.0), 1.0 / n);
    // Hashes per key: only chance in which keys land where.
    for name in ["rendezvous", "jump"] {
        let r = row(name);
        assert!(
            (num(&t, r, "add_moved") - add).abs() <= binomial(add),
            "{name} add"
        );
        assert!(
            (num(&t, r, "remove_moved") - remove).abs() <= binomial(remove),
            "{name} remove"
        );
    }
    // Rings: the moved share is the new (or lost) node's arc, whose CV is about 1/√points.
    for (name, points) in [
        ("ring k=100", 100.0),
        ("ketama", 160.0),
        ("multi-probe P=21", 20.0),
    ] {
        let r = row(name);
        let tolerance = 3.5 / f64::sqrt(points);
        assert!(
            (num(&t, r, "add_moved") / add - 1.0).abs() <= tolerance,
            "{name} add"
        );
        assert!(
            (num(&t, r, "remove_moved") / remove - 1.0).abs() <= tolerance,
            "{name} remove"
        );
    }
    for name in [
        "ring k=100",
        "ketama",
        "rendezvous",
        "jump",
        "multi-probe P=21",
    ] {
        assert_eq!(
            num(&t, row(name), "add_onto_new"),
            1.0,
            "{name}: all onto the new node"
        );
    }
    let m = row("mod-n");
    assert!((num(&t, m, "add_moved") - n / (n + 1.0)).abs() <= binomial(n / (n + 1.0)));
    // Maglev trades disruption for balance, and a smaller table disrupts more.
    let maglev: Vec<f64> = lab::MAGLEV_TABLES
        .iter()
        .map(|m| num(&t, row(&format!("maglev M={m}")), "remove_moved"))
        .collect();
    assert!(maglev.windows(2).all(|w| w[0] > w[1]), "{maglev:?}");
    assert!(maglev[0] > 1.3 * remove, "{maglev:?}");
}

#[test]
fn bounded_loads_cap_the_peak_at_c_and_multi_probe_approaches_one_plus_one_over_p() {
    let t = run(Experiment::Bounded);
    let per_node = t.settings.keys as f64 / f64::from(t.settings.nodes);
    for row in 0..t.rows.len() {
        if let Some(c) = t.get(row, "c").and_then(|c| c.as_f64()) {
            // The cap is ⌈c·m/n⌉ keys: at most one key above c × the mean.
            assert!(
                num(&t, row, "max_over_mean") <= c + 1.0 / per_node,
                "row {row}"
            );
        }
    }
    // Zipf requests on a plain ring pile up; the bound flattens them.
    let zipf_ring = (0..t.rows.len())
        .find(|&r| text(&t, r, "keys") == "zipf" && text(&t, r, "c") == "∞")
        .expect("a plain ring row with Zipf keys");
    assert!(num(&t, zipf_ring, "max_over_mean") > 1.5);

    let t = run(Experiment::MultiProbe);
    let peaks: Vec<f64> = (0..t.rows.len())
        .map(|r| num(&t, r, "peak_over_mean"))
        .collect();
    assert!(
        peaks.windows(2).all(|w| w[0] > w[1]),
        "more probes, flatter: {peaks:?}"
    );
    for row in 0..t.rows.len() {
        if num(&t, row, "probes") >= 5.0 {
            let (p, th) = (num(&t, row, "peak_over_mean"), num(&t, row, "theory"));
            assert!(
                (p - th).abs() <= 0.06,
                "P={}: {p} against {th}",
                num(&t, row, "probes")
            );
        }
    }
}

#[test]
fn a_run_is_a_function_of_its_settings_and_bad_settings_are_refused() {
    let s = Settings {
        nodes: 6,
        keys: 2000,
        trials: 3,
        seed: 9,
    };
    let a = lab::table(Experiment::Balance, s).unwrap();
    assert_eq!(a, lab::table(Experiment::Balance, s).unwrap());
    let other = lab::table(Experiment::Balance, Settings { seed: 10, ..s }).unwrap();
    assert_ne!(a.rows, other.rows);
    for bad in [
        Settings { nodes: 1, ..s },
        Settings { keys: 10, ..s },
        Settings { trials: 0, ..s },
        Settings {
            trials: 100_000,
            ..s
        },
    ] {
        assert!(lab::table(Experiment::Moved, bad).is_err(), "{bad:?}");
    }
    // A Maglev table smaller than the membership cannot be built: its row says so.
    let big = lab::table(
        Experiment::Moved,
        Settings {
            nodes: 300,
            keys: 1000,
            trials: 1,
            seed: 1,
        },
    )
    .unwrap();
    let small = (0..big.rows.len())
        .find(|&r| text(&big, r, "algorithm") == "maglev M=251")
        .unwrap();
    assert_eq!(text(&big, small, "add_moved"), "—");
}

#[test]
fn csv_json_and_the_command_line_carry_the_same_rows() {
    let s = Settings {
        nodes: 8,
        keys: 5000,
        trials: 1,
        seed: 3,
    };
    let t = lab::table(Experiment::Moved, s).unwrap();
    let csv = t.csv();
    assert_eq!(csv.lines().count(), 1 + t.rows.len());
    assert!(csv.starts_with("algorithm,add_moved,"));
    let json = t.json();
    assert!(json.starts_with("{\"experiment\":\"moved\""));
    assert_eq!(json.matches("\"add_moved\":").count(), t.rows.len());
    // The same rows in the browser: tests/web.rs and the Lab's end-to-end test read this file.
    assert_eq!(csv, include_str!("fixtures/lab-moved-n8-k5000-s3.csv"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ringleader"))
        .args([
            "lab", "moved", "--nodes", "8", "--keys", "5000", "--seed", "3", "--format", "csv",
        ])
        .output()
        .expect("the command runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), csv);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_ringleader"))
        .args(["lab", "moved", "--nodes", "1"])
        .output()
        .expect("the command runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nodes"));
}

#[test]
fn stepping_a_trial_at_a_time_gives_the_table_of_a_whole_run() {
    let s = Settings {
        nodes: 7,
        keys: 3000,
        trials: 4,
        seed: 5,
    };
    for e in Experiment::ALL {
        let mut p = lab::Progress::new(e, s).unwrap();
        let mut steps = 0;
        while p.step() {
            steps += 1;
        }
        assert!(p.finished());
        let (done, all) = p.done();
        assert_eq!(done, all);
        assert_eq!(steps + 1, all, "{e:?}: one step per trial");
        assert_eq!(p.table, lab::table(e, s).unwrap(), "{e:?}");
    }
}

#[test]
fn raft_first_elections_fail_within_the_timeout_bound_and_more_often_with_slower_messages() {
    let t = run(Experiment::SplitVotes);
    let trials = f64::from(t.settings.trials);
    assert_eq!(
        t.rows.len(),
        lab::SPLIT_SERVERS.len() * lab::SPLIT_LATENCY_PERMILLE.len()
    );
    for row in 0..t.rows.len() {
        let (failed, bound) = (num(&t, row, "first_round_failed"), num(&t, row, "bound"));
        // A share of `trials` elections: allow five standard deviations above the bound.
        let slack = 5.0 * (bound * (1.0 - bound) / trials).sqrt();
        assert!(
            failed <= bound + slack,
            "row {row}: {failed} above the bound {bound}"
        );
        // The first leader comes after the shortest timeout (150 ms) and a round trip.
        assert!(num(&t, row, "median_ms") > 150.0);
    }
    // For each cluster size, the slowest messages fail the most, and they do fail.
    for (i, n) in lab::SPLIT_SERVERS.iter().enumerate() {
        let rows =
            i * lab::SPLIT_LATENCY_PERMILLE.len()..(i + 1) * lab::SPLIT_LATENCY_PERMILLE.len();
        let failed: Vec<f64> = rows.map(|r| num(&t, r, "first_round_failed")).collect();
        assert!(
            failed.last().unwrap() >= failed.first().unwrap(),
            "n={n}: {failed:?}"
        );
        assert!(
            *failed.last().unwrap() > 0.0,
            "n={n}: split votes happen at l = R/5"
        );
    }
}
