//! `ringleader reads`: the costs it prints are those the read paths promise (thesis §6.4).

#[test]
fn a_lease_read_skips_the_round_trip_and_read_index_keeps_reads_out_of_the_log() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ringleader"))
        .args(["reads", "--seeds", "0", "--seconds", "5"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // read path, reads, median_ms, p99_ms, log_entries, linearizable
    let row = |path: &str| -> Vec<String> {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(path))
            .unwrap_or_else(|| panic!("no row {path} in:\n{text}"))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    let (log, index, lease) = (row("log"), row("read-index"), row("lease"));
    let num = |r: &[String], i: usize| r[i].parse::<f64>().unwrap();
    for r in [&log, &index, &lease] {
        assert!(num(r, 1) > 50.0, "enough reads: {r:?}");
        assert_eq!(r[5], "yes", "linearizable: {r:?}");
    }
    // Through the log every read is an entry; ReadIndex and lease reads add none.
    assert!(num(&log, 4) > 2.0 * num(&index, 4), "{text}");
    assert!(num(&log, 4) > 2.0 * num(&lease, 4), "{text}");
    // A lease read is answered without a heartbeat round: about one client round trip
    // (20–40 ms) against two (a round of heartbeats or of appends, too).
    assert!(num(&lease, 2) < 0.7 * num(&index, 2), "{text}");
    assert!(num(&lease, 2) < 0.7 * num(&log, 2), "{text}");
}
