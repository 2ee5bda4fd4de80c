//! `ringleader ring`, `jump` and `locate`.

use super::Args;
use ringleader::ring::algo::jump_hash;
use ringleader::ring::metrics::{
    self, key_space_shares, movement, optimal_fraction, theoretical_cv,
};
use ringleader::ring::{keys, Algorithm, Key, Members, Placement};
use std::io::{BufRead, Write};

pub fn ring(args: &Args) -> Result<(), String> {
    args.reject_unknown(&[
        "algo", "nodes", "vnodes", "keys", "remove", "add", "replicas", "seed", "zipf",
    ])?;
    let n: u32 = args.num("nodes", 10, 1, 1024)?;
    let vnodes: u32 = args.num("vnodes", 100, 1, 1000)?;
    let count: u64 = args.num("keys", 100_000, 1, keys::MAX_KEYS)?;
    let r: u32 = args.num("replicas", 1, 1, 16)?;
    let seed: u64 = args.num("seed", 1, 0, u64::MAX)?;
    let name = args.all("algo").last().map_or("ring", String::as_str);
    let algo = Algorithm::parse(name, vnodes).map_err(|e| e.to_string())?;
    let key_set = if args.has("zipf") {
        let distinct: u64 = args.num("zipf", 1000, 1, 100_000)?;
        keys::zipf(seed, distinct, count)
    } else {
        keys::uniform(seed, count)
    };
    let mut m = Members::named(n);
    let before = Placement::build(algo, m.list()).map_err(|e| e.to_string())?;
    let a = before.assign(&key_set, r);
    println!(
        "algorithm={} nodes={n} vnodes={vnodes} keys={count} replicas={r}",
        algo.name()
    );
    report_load(&m, &a);
    if let Some(shares) = key_space_shares(&before) {
        let values: Vec<f64> = shares.iter().map(|s| s.1).collect();
        let (_, cv, _) = metrics::spread(&values);
        println!(
            "key-space share cv={cv:.4} theory={:.4} (random points, k={vnodes})",
            theoretical_cv(n, vnodes)
        );
    }
    let change = match (args.all("remove").last(), args.all("add").last()) {
        (Some(x), None) => {
            let id = m
                .by_name(x)
                .or_else(|| {
                    x.parse::<usize>()
                        .ok()
                        .and_then(|i| m.list().get(i.wrapping_sub(1)))
                })
                .map(|mem| mem.id)
                .ok_or_else(|| {
                    format!("--remove: no node '{x}' (give a name like node-3 or a number)")
                })?;
            before.check_removal(id).map_err(|e| e.to_string())?;
            m.remove(id).map_err(|e| e.to_string())?;
            Some(format!("remove {x}"))
        }
        (None, Some(y)) => {
            m.add(y, 100).map_err(|e| e.to_string())?;
            Some(format!("add {y}"))
        }
        (None, None) => None,
        (Some(_), Some(_)) => return Err("give --remove or --add, not both".into()),
    };
    if let Some(change) = change {
        let after = Placement::build(algo, m.list())
            .map_err(|e| e.to_string())?
            .assign(&key_set, r);
        let mv = movement(&a, &after);
        let modn = |mem: &Members| {
            Placement::build(Algorithm::ModN, mem.list()).map(|p| p.assign(&key_set, r))
        };
        let base = modn(&Members::named(n)).map_err(|e| e.to_string())?;
        let modn_after = modn(&m).map_err(|e| e.to_string())?;
        println!("after {change}:");
        report_load(&m, &after);
        println!(
            "moved={} fraction={:.4} even_loads_least={:.4} mod_n_fraction={:.4}",
            mv.moved,
            mv.fraction(),
            optimal_fraction(n as usize, m.len()),
            movement(&base, &modn_after).fraction()
        );
    }
    println!("fingerprint={}", metrics::fingerprint(&a));
    Ok(())
}

fn report_load(m: &Members, a: &ringleader::ring::Assignment) {
    let load = metrics::load(m.list(), a);
    println!(
        "load: mean={:.1} max/mean={:.3} cv={:.4} lost={}",
        load.mean, load.max_over_mean, load.cv, load.lost
    );
}

pub fn jump(rest: &[String]) -> Result<(), String> {
    let [key, buckets] = rest else {
        return Err("usage: ringleader jump <key> <buckets>".into());
    };
    let key = match key.strip_prefix("0x").or_else(|| key.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => key.parse(),
    }
    .map_err(|_| format!("'{key}' is not a 64-bit number (decimal or 0x-hex)"))?;
    let buckets: u32 = buckets
        .parse()
        .ok()
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("'{buckets}' is not a bucket count from 1 to {}", u32::MAX))?;
    println!("{}", jump_hash(key, buckets));
    Ok(())
}

pub fn locate(args: &Args) -> Result<(), String> {
    args.reject_unknown(&["algo", "servers", "vnodes"])?;
    let file = args
        .all("servers")
        .last()
        .ok_or("--servers FILE is required")?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let m = Members::from_ketama_servers(&text).map_err(|e| format!("{file}: {e}"))?;
    let vnodes: u32 = args.num("vnodes", 100, 1, 1000)?;
    let name = args.all("algo").last().map_or("ketama", String::as_str);
    let p = Placement::build(
        Algorithm::parse(name, vnodes).map_err(|e| e.to_string())?,
        m.list(),
    )
    .map_err(|e| e.to_string())?;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        let key = line.trim_end_matches('\r');
        let owner = p.preference(&Key::new(key), 1)[0];
        let server = &m.get(owner).expect("a member of the placement").name;
        if writeln!(out, "{key}\t{server}").is_err() {
            break; // the reader went away (a pipe into head)
        }
    }
    Ok(())
}
